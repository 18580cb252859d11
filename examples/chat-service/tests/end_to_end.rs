//! The business-value test, without mocks: the real binary on a loopback port, real
//! websocket clients, real agent runs. Every wait is bounded in time and count.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio_tungstenite::tungstenite::Message;

const EVENTS: [&str; 5] = [
    "agent_started",
    "agent_thinking",
    "tool_executing",
    "tool_completed",
    "agent_completed",
];
const STARTUP: Duration = Duration::from_secs(30);
const PATIENCE: Duration = Duration::from_secs(10);

/// The running service; killed when dropped, so a failing test leaves nothing behind.
struct Service {
    child: Child,
    port: u16,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Service {
    fn start() -> Service {
        let mut child = Command::new(env!("CARGO_BIN_EXE_chat-service"))
            .args(["--port", "0"])
            .env_remove("CHAT_BROKEN_WIRING")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the chat-service binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let line = received
            .recv_timeout(STARTUP)
            .expect("the service prints `listening on ..` after validating its contracts");
        let port = line
            .rsplit(':')
            .next()
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Service { child, port }
    }

    fn url(&self, user: &str) -> String {
        format!("ws://127.0.0.1:{}/ws?user={user}", self.port)
    }

    fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

type Client =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(service: &Service, user: &str) -> Client {
    let (client, _) = tokio::time::timeout(
        PATIENCE,
        tokio_tungstenite::connect_async(service.url(user)),
    )
    .await
    .expect("connects in time")
    .expect("the websocket handshake succeeds");
    client
}

async fn start_run(client: &mut Client, thread_id: &str, message: &str) {
    let request =
        serde_json::json!({"type": "start_agent", "thread_id": thread_id, "message": message});
    client
        .send(Message::Text(request.to_string().into()))
        .await
        .expect("the request is sent");
}

/// The next JSON text frame, within `PATIENCE`.
async fn next_frame(client: &mut Client) -> Value {
    loop {
        let message = tokio::time::timeout(PATIENCE, client.next())
            .await
            .expect("a frame arrives in time")
            .expect("the connection stays open")
            .expect("the frame is valid");
        if let Message::Text(text) = message {
            return serde_json::from_str(text.as_str()).expect("frames are JSON");
        }
    }
}

/// Reads one run's five events and checks order, user, thread and run id.
async fn expect_run(client: &mut Client, user: &str, thread_id: &str) {
    let mut run_id = None;
    for expected in EVENTS {
        let frame = next_frame(client).await;
        assert_eq!(frame["type"], expected, "{user}: {frame}");
        assert_eq!(
            frame["user"], user,
            "an event of another user reached {user}: {frame}"
        );
        assert_eq!(frame["thread_id"], thread_id, "{frame}");
        let id = frame["run_id"].as_u64().expect("a run id");
        assert_eq!(*run_id.get_or_insert(id), id, "one run, one id: {frame}");
    }
}

/// Nothing else arrives for a while: no stray events from other users.
async fn expect_silence(client: &mut Client) {
    if let Ok(Some(Ok(Message::Text(text)))) =
        tokio::time::timeout(Duration::from_millis(300), client.next()).await
    {
        panic!("unexpected extra frame: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_users_at_once_each_receive_their_own_five_events_in_order() {
    let service = Service::start();
    let mut alice = connect(&service, "alice").await;
    let mut bob = connect(&service, "bob").await;
    start_run(&mut alice, "thread-a", "hello from alice").await;
    start_run(&mut bob, "thread-b", "hello from bob").await;
    tokio::join!(
        expect_run(&mut alice, "alice", "thread-a"),
        expect_run(&mut bob, "bob", "thread-b"),
    );
    tokio::join!(expect_silence(&mut alice), expect_silence(&mut bob));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_clients_each_receive_exactly_their_own_five_events() {
    let service = Service::start();
    let mut clients = Vec::new();
    for i in 0..50 {
        clients.push((
            format!("user-{i}"),
            connect(&service, &format!("user-{i}")).await,
        ));
    }
    let runs = clients.into_iter().map(|(user, mut client)| async move {
        let thread = format!("thread-of-{user}");
        start_run(&mut client, &thread, &user).await;
        expect_run(&mut client, &user, &thread).await;
        expect_silence(&mut client).await;
        user
    });
    let finished = tokio::time::timeout(
        Duration::from_secs(60),
        futures_util::future::join_all(runs),
    )
    .await
    .expect("fifty runs finish in time");
    assert_eq!(finished.len(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_messages_get_an_error_frame_and_nothing_else_breaks() {
    let service = Service::start();
    let mut mallory = connect(&service, "mallory").await;
    let mut carol = connect(&service, "carol").await;

    let bad: [Message; 4] = [
        Message::Text("not json".into()),
        Message::Text(r#"{"type":"delete_everything"}"#.into()),
        Message::Text(r#"{"type":"start_agent","thread_id":7}"#.into()),
        Message::Binary(vec![0, 159, 146, 150].into()),
    ];
    for message in bad {
        mallory.send(message).await.expect("sent");
        let frame = next_frame(&mut mallory).await;
        assert_eq!(frame["type"], "error", "{frame}");
        assert!(
            !frame["message"].as_str().unwrap_or("").is_empty(),
            "{frame}"
        );
    }

    // The same connection still works, and so does everyone else's.
    start_run(&mut mallory, "thread-m", "recovered").await;
    start_run(&mut carol, "thread-c", "unaffected").await;
    tokio::join!(
        expect_run(&mut mallory, "mallory", "thread-m"),
        expect_run(&mut carol, "carol", "thread-c"),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_disconnects_mid_run_does_not_hurt_the_service() {
    let mut service = Service::start();
    for round in 0..5 {
        // One user per round: events go to every connection of a user, so a second
        // connection of the same user would rightly receive the first run's events.
        let mut leaver = connect(&service, &format!("leaver-{round}")).await;
        start_run(&mut leaver, &format!("thread-{round}"), "bye").await;
        // Read the first event, then vanish while the run is still going.
        assert_eq!(next_frame(&mut leaver).await["type"], "agent_started");
        drop(leaver);
    }
    let mut stayer = connect(&service, "stayer").await;
    start_run(&mut stayer, "thread-s", "still here").await;
    expect_run(&mut stayer, "stayer", "thread-s").await;
    assert!(service.is_running(), "the service survived the disconnects");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_without_a_user_is_refused() {
    let service = Service::start();
    let url = format!("ws://127.0.0.1:{}/ws", service.port);
    let result = tokio::time::timeout(PATIENCE, tokio_tungstenite::connect_async(url))
        .await
        .expect("answers in time");
    match result {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status(), 400);
        }
        other => panic!("expected HTTP 400, got {other:?}"),
    }
}

/// A port that was free a moment ago; the broken service is told to use it.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free loopback port")
}

fn run_broken(configure: impl FnOnce(&mut Command)) {
    let port = free_port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_chat-service"));
    command
        .args(["--port", &port.to_string()])
        .env_remove("CHAT_BROKEN_WIRING")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    configure(&mut command);
    let mut child = command.spawn().expect("starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waitable") {
            break status;
        }
        // While it runs, the port must never accept a connection.
        assert!(
            TcpStream::connect(("127.0.0.1", port)).is_err(),
            "the broken service opened its port"
        );
        if started.elapsed() > STARTUP {
            let _ = child.kill();
            panic!("the broken service did not exit");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut stdout)
        .expect("utf-8");
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut stderr)
        .expect("utf-8");

    assert_eq!(status.code(), Some(1), "stderr:\n{stderr}");
    assert!(!stdout.contains("listening"), "stdout:\n{stdout}");
    assert!(stderr.contains("refusing to start"), "stderr:\n{stderr}");
    assert!(
        stderr.contains(
            "error[missing-component] (risk critical): `BridgeFactory` (contract `bridge-factory`"
        ),
        "stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("needed by `supervisor-factory`"),
        "stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("= help: set the state's field `bridge_factory` to `Some(..)`"),
        "stderr:\n{stderr}"
    );
    // The README shows this report: it must stay what the service prints.
    let readme = include_str!("../README.md");
    let shown = readme
        .split("```text\nrefusing to start")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .map(|block| format!("refusing to start{block}"))
        .expect("the README shows the broken wiring's output");
    assert!(
        stderr.contains(&shown),
        "the README's block is not in the output:\n{shown}\n---\n{stderr}"
    );
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "nothing listens afterwards"
    );
}

#[test]
fn the_seeds_partial_migration_exits_1_with_the_report_and_never_listens() {
    run_broken(|command| {
        command.arg("--broken-wiring");
    });
}

#[test]
fn the_environment_variable_reproduces_it_too() {
    run_broken(|command| {
        command.env("CHAT_BROKEN_WIRING", "1");
    });
}
