//! Where the relay may connect: the shared destination policy with port 25, plus the private
//! networks its operator lists, checked on the name and again on every address it resolves to.
//!
//! A public name can resolve to a private address (DNS rebinding), so the resolved addresses
//! decide, not the name; the probe then connects to exactly those addresses.

use std::net::{IpAddr, SocketAddr};

use sendready_shared::policy::{DestinationPolicy, PolicyError};

/// The relay's destination rules.
#[derive(Clone, Debug)]
pub struct Destinations {
    /// Without private networks: what every resolved address is checked against first.
    strict: DestinationPolicy,
    /// The operator's private networks; addresses inside them pass.
    networks: Vec<Network>,
}

/// A CIDR block such as `10.20.0.0/16` or `fd00::/8`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Network {
    base: IpAddr,
    prefix: u32,
}

impl Destinations {
    /// Port 25 always (the relay exists for it); loopback only for development; private
    /// addresses only inside `networks`.
    pub fn new(allow_loopback: bool, networks: Vec<Network>) -> Self {
        Self {
            strict: DestinationPolicy {
                allow_loopback,
                allow_port_25: true,
                allow_private_networks: false,
            },
            networks,
        }
    }

    /// The host as typed and the port, before resolving: syntax, reserved names, ports.
    pub fn check_name(&self, host: &str, port: u16) -> Result<(), PolicyError> {
        let policy = DestinationPolicy {
            allow_private_networks: !self.networks.is_empty(),
            ..self.strict
        };
        policy.check_destination(host, port).map(|_| ())
    }

    /// Every address the name resolved to must be allowed; one refused address refuses all.
    pub fn check_addresses(&self, addresses: &[SocketAddr]) -> Result<(), PolicyError> {
        for address in addresses {
            let ip = address.ip();
            match self.strict.check_resolved(ip) {
                Ok(()) => {}
                Err(PolicyError::BlockedAddress(_, range))
                    if range.is_private_network()
                        && self.networks.iter().any(|network| network.contains(ip)) => {}
                Err(refused) => return Err(refused),
            }
        }
        Ok(())
    }
}

impl Network {
    /// Parses `ADDRESS/PREFIX`; the address must be the block's first (no host bits set).
    pub fn parse(text: &str) -> Result<Self, String> {
        let (address, prefix) = text
            .split_once('/')
            .ok_or_else(|| format!("{text:?} is not a network; write it as 10.20.0.0/16"))?;
        let base: IpAddr = address
            .parse()
            .map_err(|_| format!("{address:?} in {text:?} is not an IP address"))?;
        let width = if base.is_ipv4() { 32 } else { 128 };
        let prefix: u32 = prefix
            .parse()
            .ok()
            .filter(|prefix| *prefix <= width)
            .ok_or_else(|| format!("the prefix of {text:?} must be 0 to {width}"))?;
        let network = Self { base, prefix };
        if bits(base) & !mask(prefix, width) != 0 {
            return Err(format!(
                "{text:?} has host bits set; write the network's first address"
            ));
        }
        Ok(network)
    }

    /// True when `ip` is inside this block (same family only).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let width = match (self.base, ip) {
            (IpAddr::V4(_), IpAddr::V4(_)) => 32,
            (IpAddr::V6(_), IpAddr::V6(_)) => 128,
            _ => return false,
        };
        let mask = mask(self.prefix, width);
        bits(ip) & mask == bits(self.base) & mask
    }
}

fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// The top `prefix` of `width` bits set.
fn mask(prefix: u32, width: u32) -> u128 {
    let all = if width == 128 {
        u128::MAX
    } else {
        (1_u128 << width) - 1
    };
    if prefix == 0 {
        0
    } else {
        all & !((1_u128 << (width - prefix)) - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ip: &str) -> SocketAddr {
        SocketAddr::new(ip.parse().expect("an ip"), 25)
    }

    #[test]
    fn networks_parse_only_in_their_canonical_form() {
        let network = Network::parse("10.20.0.0/16").expect("a network");
        assert!(network.contains("10.20.255.1".parse().expect("ip")));
        assert!(!network.contains("10.21.0.1".parse().expect("ip")));
        assert!(!network.contains("::1".parse().expect("ip")));
        assert!(Network::parse("fd00::/8").is_ok());
        for bad in ["10.20.0.1/16", "10.0.0.0", "10.0.0.0/33", "ten/8"] {
            assert!(Network::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn port_25_passes_and_private_addresses_only_inside_listed_networks() {
        let plain = Destinations::new(false, Vec::new());
        assert!(plain.check_name("mail.example.com", 25).is_ok());
        assert!(plain.check_name("10.20.1.1", 25).is_err());
        assert!(plain.check_addresses(&[at("10.20.1.1")]).is_err());
        assert!(plain.check_addresses(&[at("127.0.0.1")]).is_err());

        let operator = Destinations::new(
            false,
            vec![Network::parse("10.20.0.0/16").expect("network")],
        );
        assert!(operator.check_name("exchange01.corp", 25).is_ok());
        assert!(operator.check_addresses(&[at("10.20.1.1")]).is_ok());
        // A name that resolves to one listed and one unlisted private address is refused.
        assert!(
            operator
                .check_addresses(&[at("10.20.1.1"), at("192.168.1.1")])
                .is_err()
        );
        // Listing a network never opens loopback or link-local (cloud metadata).
        assert!(operator.check_addresses(&[at("169.254.169.254")]).is_err());
        assert!(operator.check_addresses(&[at("127.0.0.1")]).is_err());

        let dev = Destinations::new(true, Vec::new());
        assert!(dev.check_addresses(&[at("127.0.0.1")]).is_ok());
        assert!(dev.check_name("localhost", 2587).is_ok());
    }
}
