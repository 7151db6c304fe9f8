//! The sans-IO SMTP probe: bytes in, bytes and "start TLS now" out, time passed in.
