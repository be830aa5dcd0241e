//! vrl-ref runs a VRL program with the reference implementation (the
//! `vrl` crate 0.35.0) and prints the same JSON lines as
//! `matano vrl run`:
//!
//!   {"result": V, "event": E}
//!   {"error": "<message>", "aborted": true|false, "event": E}
//!
//! Usage: vrl-ref PROGRAM.vrl [EVENTS.jsonl]
//! Values are converted to JSON as VRL's own test harness does.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::ExitCode;

use vrl::compiler::runtime::{Runtime, Terminate};
use vrl::compiler::{TargetValue, TimeZone};
use vrl::diagnostic::Formatter;
use vrl::value::{Secrets, Value};

fn to_json(value: Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Bytes(b) => J::String(String::from_utf8_lossy(&b).into_owned()),
        Value::Integer(i) => i.into(),
        Value::Float(f) => f.into_inner().into(),
        Value::Boolean(b) => b.into(),
        Value::Object(o) => J::Object(o.into_iter().map(|(k, v)| (k.into(), to_json(v))).collect()),
        Value::Array(a) => J::Array(a.into_iter().map(to_json).collect()),
        Value::Timestamp(t) => t.to_rfc3339_opts(chrono_secs(), true).into(),
        Value::Regex(r) => r.to_string().into(),
        Value::Null => J::Null,
    }
}

fn chrono_secs() -> chrono::SecondsFormat {
    chrono::SecondsFormat::AutoSi
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 2 {
        eprintln!("usage: vrl-ref PROGRAM.vrl [EVENTS.jsonl]");
        return ExitCode::from(2);
    }
    let source = std::fs::read_to_string(&args[1]).expect("read program");
    let fns = vrl::stdlib::all();
    let compiled = match vrl::compiler::compile(&source, &fns) {
        Ok(c) => c,
        Err(diags) => {
            eprintln!("{}", Formatter::new(&source, diags));
            return ExitCode::from(1);
        }
    };
    if !compiled.warnings.is_empty() {
        eprintln!("{}", Formatter::new(&source, compiled.warnings.clone()));
    }
    let tz = TimeZone::parse("UTC").expect("UTC");
    let mut events: Vec<Value> = Vec::new();
    if args.len() > 2 {
        let f = std::fs::File::open(&args[2]).expect("open input");
        for line in BufReader::new(f).lines() {
            let line = line.expect("read input");
            if line.trim().is_empty() {
                continue;
            }
            events.push(serde_json::from_str::<Value>(&line).expect("input JSON"));
        }
    } else {
        events.push(Value::Object(BTreeMap::new()));
    }
    // VRL_REF_BENCH=N: time N passes over the events (each run on a fresh
    // clone of its event, as a pipeline would) and print events/s on
    // stderr instead of the results. Used by bench/vrl-bench.
    if let Some(passes) = std::env::var("VRL_REF_BENCH").ok().and_then(|s| s.parse::<usize>().ok()) {
        let mut runtime = Runtime::default();
        let start = std::time::Instant::now();
        let mut n = 0usize;
        let mut errors = 0usize;
        for _ in 0..passes {
            for event in &events {
                let mut target = TargetValue {
                    value: event.clone(),
                    metadata: Value::Object(BTreeMap::new()),
                    secrets: Secrets::new(),
                };
                if runtime.resolve(&mut target, &compiled.program, &tz).is_err() {
                    errors += 1;
                }
                runtime.clear();
                n += 1;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!("rust events={n} errors={errors} seconds={secs:.3} events_per_sec={:.0}", n as f64 / secs);
        return ExitCode::SUCCESS;
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for event in events {
        let mut target = TargetValue {
            value: event,
            metadata: Value::Object(BTreeMap::new()),
            secrets: Secrets::new(),
        };
        let mut runtime = Runtime::default();
        let result = runtime.resolve(&mut target, &compiled.program, &tz);
        let line = match result {
            Ok(v) => format!(
                "{{\"result\": {}, \"event\": {}}}",
                serde_json::to_string(&to_json(v)).unwrap(),
                serde_json::to_string(&to_json(target.value)).unwrap()
            ),
            Err(err) => {
                let aborted = matches!(err, Terminate::Abort(_));
                format!(
                    "{{\"error\": {}, \"aborted\": {}, \"event\": {}}}",
                    serde_json::to_string(&err.to_string()).unwrap(),
                    aborted,
                    serde_json::to_string(&to_json(target.value)).unwrap()
                )
            }
        };
        writeln!(out, "{line}").unwrap();
    }
    ExitCode::SUCCESS
}
