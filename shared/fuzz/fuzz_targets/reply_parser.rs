//! Fuzzes the reply parser: any bytes, in pieces chosen by the input, never panic and every
//! reply it returns fits the caps.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sendready_shared::smtp::{ReplyLimits, ReplyParser};

fuzz_target!(|data: &[u8]| {
    let Some((&split, bytes)) = data.split_first() else { return };
    let limits = ReplyLimits::default();
    let mut parser = ReplyParser::new(limits);
    for chunk in bytes.chunks(usize::from(split).max(1)) {
        let mut rest = chunk;
        loop {
            match parser.parse(rest) {
                Ok(Some((reply, used))) => {
                    assert!(used > 0 && used <= rest.len());
                    assert!(!reply.lines.is_empty() && reply.lines.len() <= limits.lines);
                    assert!((200..600).contains(&reply.code.0));
                    assert!(reply.to_string().ends_with("\r\n"));
                    rest = &rest[used..];
                }
                Ok(None) => break,
                Err(_) => return,
            }
        }
        assert!(parser.partial_line().len() < limits.line_bytes);
    }
});
