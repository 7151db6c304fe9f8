// The tests' OpenID Connect provider: npm `oidc-provider` on 127.0.0.1 (plain HTTP, which the
// worker accepts only for loopback), with one test client for the worker, one introspection
// client for Dovecot's `oauth2` passdb, one test user, short access-token lifetimes, rotated
// refresh tokens, a login page of its own, and `POST /test/revoke`, which destroys every grant
// the way a person removing the app's access at the provider does.
//
// Usage: node provider.mjs CONFIG.json, where the file holds { port, redirect_uri,
// client_secret, introspection_secret, users, password, access_ttl_s }: every user signs in
// with the one password. `POST /test/revoke?account=ADDRESS` revokes that user's grants only,
// so tests running at once keep theirs.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const grants = new Map();
const users = new Set(config.users);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'sendready-test',
      client_secret: config.client_secret,
      redirect_uris: [config.redirect_uri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
    {
      client_id: 'dovecot',
      client_secret: config.introspection_secret,
      redirect_uris: [],
      grant_types: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  scopes: ['openid', 'email', 'offline_access', 'smtp'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  findAccount: async (_ctx, id) =>
    users.has(id)
      ? { accountId: id, claims: async () => ({ sub: id, email: id, email_verified: true }) }
      : undefined,
  features: {
    devInteractions: { enabled: false },
    // Only Dovecot asks what a token is worth.
    introspection: { enabled: true, allowedPolicy: async (_ctx, client) => client.clientId === 'dovecot' },
    revocation: { enabled: true },
  },
  pkce: { required: () => true },
  rotateRefreshToken: true,
  // Like Microsoft and Google, a refresh token for a client allowed to refresh, without
  // oidc-provider's rule that `offline_access` counts only with `prompt=consent`.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  // The address goes into the ID token itself, where the worker reads it.
  conformIdTokenClaims: false,
  ttl: {
    AccessToken: config.access_ttl_s,
    AuthorizationCode: 120,
    IdToken: 3600,
    RefreshToken: 86400,
    Grant: 86400,
    Interaction: 600,
    Session: 600,
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ['sendready-test-cookie-key-not-a-secret'] },
});

const page = (uid, message) => `<!doctype html><html lang="en"><meta charset="utf-8">
<title>Test provider: sign in</title>
<form method="post" action="/interaction/${uid}" style="font: 16px system-ui; margin: 2em">
<h1>Test provider</h1><p>${message}</p>
<label>E-mail <input name="login" type="email" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in and allow</button></form></html>`;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) break;
  }
  return new URLSearchParams(body);
}

async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(uid, `Sign in to let the test client send mail as you.`));
    return;
  }
  const form = await readForm(req);
  const login = form.get('login') ?? '';
  if (!users.has(login) || form.get('password') !== config.password) {
    res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page(uid, 'Wrong e-mail or password.'));
    return;
  }
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  grants.set(grantId, login);
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: login }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

async function revoke(res, account) {
  let revoked = 0;
  for (const [id, owner] of grants) {
    if (owner !== account) continue;
    const grant = await provider.Grant.find(id);
    if (grant) {
      await grant.destroy();
      revoked += 1;
    }
    grants.delete(id);
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ revoked }));
}

const handle = provider.callback();
createServer((req, res) => {
  const url = new URL(req.url, issuer);
  const match = url.pathname.match(/^\/interaction\/([\w-]+)$/);
  const work = match
    ? interaction(req, res, match[1])
    : req.method === 'POST' && url.pathname === '/test/revoke'
      ? revoke(res, url.searchParams.get('account'))
      : Promise.resolve(handle(req, res));
  work.catch((error) => {
    console.error(`test provider: ${error.name}: ${error.message}`);
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
    res.end(`${error.name}\n`);
  });
}).listen(config.port, '127.0.0.1', () => console.log(`test provider on ${issuer}`));
