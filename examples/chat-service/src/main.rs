//! The seed's chat service: a websocket endpoint where a message starts an agent run
//! whose five events reach that user, and only that user, through a per-user bridge.
//!
//! Startup validates every migration contract against the state *before* binding the
//! port. `--broken-wiring` (or `CHAT_BROKEN_WIRING=1`) reproduces the seed's partial
//! migration, a state without the bridge factory: the service prints the report on
//! stderr and exits with status 1 without ever listening.
//!
//! ```text
//! cargo run -p chat-service -- --port 8080
//! websocat 'ws://127.0.0.1:8080/ws?user=alice'
//! {"type":"start_agent","thread_id":"t1","message":"hello"}
//! ```

mod components;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use contracts_core::ComponentSource;
use serde::Deserialize;

use components::{
    BridgeFactory, ExecutionEngine, SupervisorFactory, ThreadRegistry, ToolDispatcher,
    WebSocketManager,
};

/// Everything the handlers need. Validation sees each field as the component it holds.
#[derive(ComponentSource)]
pub struct ChatState {
    pub websockets: Arc<WebSocketManager>,
    /// `None` is the partial migration: the singleton was removed, the factory never added.
    pub bridge_factory: Option<Arc<BridgeFactory>>,
    pub supervisors: Arc<SupervisorFactory>,
    pub engine: Arc<ExecutionEngine>,
    pub tools: Arc<ToolDispatcher>,
    pub threads: Arc<ThreadRegistry>,
}

impl ChatState {
    fn new(broken_wiring: bool) -> Self {
        let websockets = Arc::new(WebSocketManager::default());
        let tools = Arc::new(ToolDispatcher);
        ChatState {
            bridge_factory: (!broken_wiring)
                .then(|| Arc::new(BridgeFactory::new(Arc::clone(&websockets)))),
            websockets,
            supervisors: Arc::new(SupervisorFactory),
            engine: Arc::new(ExecutionEngine::new(Arc::clone(&tools))),
            tools,
            threads: Arc::new(ThreadRegistry::default()),
        }
    }
}

struct Options {
    port: u16,
    broken_wiring: bool,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        port: 8080,
        broken_wiring: std::env::var("CHAT_BROKEN_WIRING").is_ok_and(|v| v == "1"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                options.port = value
                    .parse()
                    .map_err(|_| format!("--port: `{value}` is not a port number"))?;
            }
            "--broken-wiring" => options.broken_wiring = true,
            other => {
                return Err(format!(
                    "unknown argument `{other}`; usage: chat-service [--port N] [--broken-wiring]"
                ))
            }
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() {
    // Colours only on a terminal, so piped or captured logs stay plain text.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            std::process::exit(2);
        }
    };

    // Validate the wiring before anything listens: a broken migration never serves a request.
    let state = Arc::new(ChatState::new(options.broken_wiring));
    let report = contracts_core::validate_app_state(&state);
    report.trace();
    if !report.is_ok() {
        eprintln!(
            "refusing to start: the component wiring breaks its migration contracts\n\n{report}"
        );
        std::process::exit(1);
    }

    let address = SocketAddr::from(([127, 0, 0, 1], options.port));
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {address}: {error}");
            std::process::exit(1);
        }
    };
    let local = listener.local_addr().unwrap_or(address);
    // The tests wait for this line to learn the port.
    println!("listening on {local}");

    let app = Router::new()
        .route("/ws", get(upgrade))
        .with_state(Arc::clone(&state));
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    {
        eprintln!("error: server stopped: {error}");
        std::process::exit(1);
    }
}

async fn upgrade(
    upgrade: WebSocketUpgrade,
    Query(query): Query<HashMap<String, String>>,
    State(state): State<Arc<ChatState>>,
) -> Response {
    match query.get("user").filter(|user| !user.trim().is_empty()) {
        Some(user) => {
            let user = user.clone();
            upgrade.on_upgrade(move |socket| serve_connection(socket, user, state))
        }
        None => (
            StatusCode::BAD_REQUEST,
            "connect with ?user=<name>: events are delivered per user",
        )
            .into_response(),
    }
}

/// What a client may send.
#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum ClientMessage {
    StartAgent { thread_id: String, message: String },
}

fn error_frame(message: &str) -> String {
    serde_json::json!({ "type": "error", "message": message }).to_string()
}

async fn serve_connection(mut socket: WebSocket, user: String, state: Arc<ChatState>) {
    let (connection, mut outbox) = state.websockets.connect(&user);
    loop {
        tokio::select! {
            frame = outbox.recv() => {
                let Some(frame) = frame else { break };
                if socket.send(Message::Text(frame.into())).await.is_err() {
                    break;
                }
            }
            incoming = socket.recv() => {
                match incoming {
                    Some(Ok(Message::Text(text))) => {
                        match serde_json::from_str::<ClientMessage>(text.as_str()) {
                            Ok(ClientMessage::StartAgent { thread_id, message }) => {
                                let state = Arc::clone(&state);
                                let user = user.clone();
                                // The run goes on even if this client disconnects mid-run.
                                tokio::spawn(async move {
                                    if let Err(error) = state.supervisors.run(&state, &user, &thread_id, &message).await {
                                        tracing::warn!(user, thread_id, %error, "agent run ended early");
                                    }
                                });
                            }
                            Err(error) => {
                                let frame = error_frame(&format!(
                                    "malformed message ({error}); expected {{\"type\":\"start_agent\",\"thread_id\":\"..\",\"message\":\"..\"}}"
                                ));
                                if socket.send(Message::Text(frame.into())).await.is_err() {
                                    break;
                                }
                            }
                        }
                    }
                    Some(Ok(Message::Binary(_))) => {
                        let frame = error_frame("binary frames are not supported; send JSON text");
                        if socket.send(Message::Text(frame.into())).await.is_err() {
                            break;
                        }
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                    Some(Ok(_)) => {}
                }
            }
        }
    }
    state.websockets.disconnect(connection);
}
