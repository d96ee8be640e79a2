// A real OpenID Connect provider for the single sign-on tests: the certified `oidc-provider`
// package (npm, installed by `scripts/bootstrap test` into the tools directory), with a login
// form instead of its development interactions, and a few control routes for the test.
//
//   node tests/oidc/provider.mjs
//
// It listens on a free port of 127.0.0.1 and prints `listening http://127.0.0.1:PORT` (its
// issuer). Nothing is served until the test has posted the set-up, because the clients' redirect
// URIs name the Platzwahl server, which is started after the provider:
//
//   POST /test/setup   {"clients": [{client_id, client_secret, redirect_uris,
//                       post_logout_redirect_uris}], "accounts": {"id": {claims…}}}
//   PUT  /test/accounts {"id": {email, email_verified, name, groups, unit}}   (replaces them)
//   PUT  /test/options  {"audience": "other-client" | null, "clock_skew_seconds": -7200 | 0}
//   PUT  /test/rotate   a new signing key (a new key id) replaces the old one, as a provider
//                       rotating its keys does; sessions and codes are kept
//
// `audience` makes the provider sign ID tokens for another client id (a token minted for
// somebody else); `clock_skew_seconds` issues ID tokens as if the clock were that far off (an
// expired token when negative beyond its lifetime). Everything else is oidc-provider's own.
//
// Login: GET /interaction/UID shows a form; POST /interaction/UID/login with `login=<account
// id>` signs that account in (an unknown id is answered 401 with the form again); POST
// /interaction/UID/abort cancels (the client gets `access_denied`). Consent is given on the
// clients' behalf (they are first-party): the grant covers the scopes asked for.

import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const toolsDir = process.env.PLATZWAHL_TOOLS_DIR
  || path.join(process.env.HOME || '.', '.cache/platzwahl/tools');
const { default: Provider } = await import(
  pathToFileURL(path.join(toolsDir, 'node_modules/oidc-provider/lib/index.js')).href
);

let accounts = {};
let options = { audience: null, clock_skew_seconds: 0 };
let provider = null;
let handler = null;
let setup = null;
let keyCount = 0;

/// A fresh RSA signing key as a private JWK with its own key id.
function signingKey() {
  keyCount += 1;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `test-key-${keyCount}`, use: 'sig', alg: 'RS256' };
}

function send(res, status, body, type = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginForm(uid, note) {
  return `<!doctype html><html lang="en"><head><title>Sign in</title></head><body>
<h1>Test provider</h1>${note ? `<p role="alert">${escapeHtml(note)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Account <input name="login" autocomplete="username"></label>
<button type="submit">Sign in</button></form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button>Cancel</button></form>
</body></html>`;
}

function setUp(issuer, config) {
  setup = { issuer, config };
  provider = new Provider(issuer, {
    jwks: { keys: [signingKey()] },
    clients: config.clients.map((client) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...client,
    })),
    async findAccount(ctx, id) {
      const claims = accounts[id];
      if (!claims) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...claims }; } };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      platzwahl: ['groups', 'unit'],
    },
    cookies: { keys: ['platzwahl-test-provider-cookie-key'] },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId
        || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      if (!ctx.oidc.session.accountId) return undefined;
      // First-party clients: consent is implied for what they ask.
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile platzwahl');
      await grant.save();
      return grant;
    },
  });
  // Test-only: sign ID tokens for another audience, or as of another time.
  const issue = provider.IdToken.prototype.issue;
  provider.IdToken.prototype.issue = async function patchedIssue(args = {}) {
    if (args.use !== 'idtoken') return issue.call(this, args);
    if (options.audience) {
      this.client = Object.create(this.client, { clientId: { value: options.audience } });
    }
    const skew = Number(options.clock_skew_seconds) || 0;
    if (!skew) return issue.call(this, args);
    const realNow = Date.now;
    Date.now = () => realNow() + skew * 1000;
    try {
      return await issue.call(this, args);
    } finally {
      Date.now = realNow;
    }
  };
  handler = provider.callback();
}

async function interaction(req, res, url) {
  const [, , uid, action] = url.pathname.split('/');
  if (req.method === 'GET' && !action) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return send(res, 400, 'wrong interaction');
    return send(res, 200, loginForm(uid), 'text/html; charset=utf-8');
  }
  if (req.method === 'POST' && action === 'login') {
    const form = new URLSearchParams(await readBody(req));
    const login = form.get('login') || '';
    if (!accounts[login]) {
      return send(res, 401, loginForm(uid, 'Unknown account'), 'text/html; charset=utf-8');
    }
    return provider.interactionFinished(req, res, { login: { accountId: login } }, {
      mergeWithLastSubmission: false,
    });
  }
  if (req.method === 'POST' && action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'The person cancelled the sign-in.',
    }, { mergeWithLastSubmission: false });
  }
  return send(res, 404, 'not found');
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/test/setup' && req.method === 'POST') {
      if (provider) return send(res, 409, 'set up already');
      const config = JSON.parse(await readBody(req));
      accounts = config.accounts || {};
      setUp(issuerOf(server), config);
      return send(res, 204, '');
    }
    if (url.pathname === '/test/rotate' && req.method === 'PUT') {
      if (!setup) return send(res, 409, 'not set up yet');
      // The in-memory storage is the module's: the new instance keeps sessions and codes.
      setUp(setup.issuer, setup.config);
      return send(res, 204, '');
    }
    if (url.pathname === '/test/accounts' && req.method === 'PUT') {
      accounts = JSON.parse(await readBody(req));
      return send(res, 204, '');
    }
    if (url.pathname === '/test/options' && req.method === 'PUT') {
      options = { audience: null, clock_skew_seconds: 0, ...JSON.parse(await readBody(req)) };
      return send(res, 204, '');
    }
    if (!provider) return send(res, 503, 'not set up yet');
    if (url.pathname.startsWith('/interaction/')) return await interaction(req, res, url);
    return handler(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, 500, String(error && error.message));
    return undefined;
  }
});

function issuerOf(listening) {
  return `http://127.0.0.1:${listening.address().port}`;
}

server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${issuerOf(server)}`);
});
