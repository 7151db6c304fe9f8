// The test domains' autoconfig files over HTTPS on 127.0.0.1, with the test CA's certificate:
// `node autoconfig_server.mjs PORT PKI_DIR FILES_DIR`. The file is chosen by the host the
// worker asked for (`x-forwarded-host`, else `host`): `/mail/config-v1.1.xml` on
// `autoconfig.<domain>` and `/.well-known/autoconfig/mail/config-v1.1.xml` on `<domain>` both
// serve `FILES_DIR/<host>.xml`. Two hosts misbehave on purpose: `autoconfig.slow.*` answers
// after 6 s, `autoconfig.huge.*` sends 256 KiB. Every request is logged, one line each.
import { createServer } from 'node:https';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [port, pki, files] = process.argv.slice(2);
const LOCATIONS = ['/mail/config-v1.1.xml', '/.well-known/autoconfig/mail/config-v1.1.xml'];
const SLOW_MS = 6000;
const HUGE_BYTES = 256 * 1024;

const server = createServer(
  { cert: readFileSync(join(pki, 'server.pem')), key: readFileSync(join(pki, 'server.key')) },
  async (request, response) => {
    const host = String(request.headers['x-forwarded-host'] ?? request.headers.host ?? '')
      .toLowerCase()
      .replace(/:\d+$/, '');
    const path = new URL(request.url, 'https://localhost').pathname;
    console.log(JSON.stringify({ host, url: request.url }));
    if (!LOCATIONS.includes(path) || !/^[a-z0-9.-]+$/.test(host)) {
      response.writeHead(404).end();
      return;
    }
    if (host.startsWith('autoconfig.huge.')) {
      const filler = `<!-- ${'x'.repeat(HUGE_BYTES)} -->`;
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(`<?xml version="1.0"?><clientConfig version="1.1">${filler}</clientConfig>`);
      return;
    }
    if (host.startsWith('autoconfig.slow.')) {
      await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    }
    try {
      const body = await readFile(join(files, `${host}.xml`));
      if (!response.destroyed) {
        response.writeHead(200, { 'content-type': 'application/xml' }).end(body);
      }
    } catch {
      response.writeHead(404).end();
    }
  },
);
server.listen(Number(port), '127.0.0.1');
