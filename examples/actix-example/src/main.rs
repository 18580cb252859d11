//! actix-web finds a missing `app_data` only when a request that extracts it arrives:
//! the handler fails with a 500 in production. Validate the components you are about to
//! register *before* `HttpServer::new`, and refuse to start instead.
//!
//! ```text
//! cargo run -p actix-example -- --check                  # validate the wiring, print the report, exit
//! cargo run -p actix-example -- --check --broken-wiring  # the payment gateway is forgotten: exit 1
//! cargo run -p actix-example                             # validate, then serve on 127.0.0.1:8081
//! ```

use std::sync::Arc;

use actix_web::{get, web, App, HttpResponse, HttpServer, Responder};
use contracts_core::{AppState, MigrationContract};

/// The database pool.
#[derive(MigrationContract)]
#[contract(name = "pool", risk = "high", requires(fn size(&self) -> usize), required)]
struct Pool {
    size: usize,
}

impl Pool {
    fn size(&self) -> usize {
        self.size
    }
}

/// The old payment client, being replaced.
struct LegacyPaymentClient;

/// The new payment gateway; checkout has moved to it.
#[derive(MigrationContract)]
#[contract(
    name = "payment-gateway",
    risk = "critical",
    business_value = "takes the money",
    requires(fn charge(&self, cents: u64) -> Result<String, String>),
    replaces = LegacyPaymentClient,
    phase = "complete",
    check = Self::self_test
)]
struct PaymentGateway {
    #[contract(dependency)]
    pool: Arc<Pool>,
}

impl PaymentGateway {
    fn charge(&self, cents: u64) -> Result<String, String> {
        if cents == 0 {
            return Err("nothing to charge".to_owned());
        }
        Ok(format!(
            "charged {cents} cents ({} connections)",
            self.pool.size()
        ))
    }

    fn self_test(&self) -> Result<(), String> {
        if self.pool.size() == 0 {
            return Err("the pool has no connection".to_owned());
        }
        Ok(())
    }
}

/// The checkout handler's component.
#[derive(MigrationContract)]
#[contract(name = "checkout", risk = "critical", depends_on(PaymentGateway, Pool))]
struct Checkout;

#[get("/checkout/{cents}")]
async fn checkout(gateway: web::Data<PaymentGateway>, cents: web::Path<u64>) -> impl Responder {
    match gateway.charge(cents.into_inner()) {
        Ok(receipt) => HttpResponse::Ok().body(receipt),
        Err(error) => HttpResponse::BadRequest().body(error),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check_only = args.iter().any(|a| a == "--check");
    let broken_wiring = args.iter().any(|a| a == "--broken-wiring");

    let pool = web::Data::new(Pool { size: 4 });
    let gateway = web::Data::new(PaymentGateway {
        pool: pool.clone().into_inner(),
    });
    let checkout_component = web::Data::new(Checkout);

    // Everything `App::app_data` will get below, declared once more for validation.
    // `insert_arc` shares the same instances, so `check` functions run on them.
    let mut wiring = AppState::new();
    wiring
        .insert_arc(pool.clone().into_inner())
        .insert_arc(checkout_component.clone().into_inner());
    if !broken_wiring {
        wiring.insert_arc(gateway.clone().into_inner());
    }
    let report = wiring.validate();
    if !report.is_ok() {
        eprintln!(
            "refusing to start: the app_data wiring breaks its migration contracts\n\n{report}"
        );
        std::process::exit(1);
    }
    println!("{report}");
    if check_only {
        return Ok(());
    }

    HttpServer::new(move || {
        let app = App::new()
            .app_data(pool.clone())
            .app_data(checkout_component.clone());
        let app = if broken_wiring {
            app
        } else {
            app.app_data(gateway.clone())
        };
        app.service(checkout)
    })
    .bind(("127.0.0.1", 8081))?
    .run()
    .await
}
