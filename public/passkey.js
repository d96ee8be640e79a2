// Passkey ceremonies for the sign-in, invitation and account pages.
//
// Buttons carry `data-passkey="sign-in" | "register" | "add" | "step-up" | "check-in"`; the server's JSON API does the
// rest (/api/v1/auth/passkeys/...). Messages for the person come from the button's
// `data-failed` attribute, rendered by the server in the page's language, and are shown in the
// element `[data-passkey-status]` (a live region).
"use strict";

const b64 = {
  decode(text) {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
  },
  encode(buffer) {
    const bytes = new Uint8Array(buffer);
    let text = "";
    for (const byte of bytes) text += String.fromCharCode(byte);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  },
};

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = new Error(json.detail || json.title || String(response.status));
    error.type = json.type;
    throw error;
  }
  return json;
}

function creationOptions(options) {
  const pk = structuredClone(options.publicKey);
  pk.challenge = b64.decode(pk.challenge);
  pk.user.id = b64.decode(pk.user.id);
  for (const c of pk.excludeCredentials || []) c.id = b64.decode(c.id);
  return { publicKey: pk };
}

function requestOptions(options) {
  const pk = structuredClone(options.publicKey);
  pk.challenge = b64.decode(pk.challenge);
  for (const c of pk.allowCredentials || []) c.id = b64.decode(c.id);
  return { publicKey: pk };
}

function registration(credential) {
  return {
    id: credential.id,
    rawId: b64.encode(credential.rawId),
    type: credential.type,
    response: {
      attestationObject: b64.encode(credential.response.attestationObject),
      clientDataJSON: b64.encode(credential.response.clientDataJSON),
    },
    extensions: credential.getClientExtensionResults(),
  };
}

function assertion(credential) {
  const r = credential.response;
  return {
    id: credential.id,
    rawId: b64.encode(credential.rawId),
    type: credential.type,
    response: {
      authenticatorData: b64.encode(r.authenticatorData),
      clientDataJSON: b64.encode(r.clientDataJSON),
      signature: b64.encode(r.signature),
      userHandle: r.userHandle ? b64.encode(r.userHandle) : null,
    },
    extensions: credential.getClientExtensionResults(),
  };
}

function say(text) {
  const status = document.querySelector("[data-passkey-status]");
  if (status) status.textContent = text;
}

function nextPath(button) {
  const next = button.dataset.next || "/";
  // The same rule as the server's (wire::identity::is_local_path): one leading slash, no `//`,
  // no backslash, no control character, nothing of these percent-encoded.
  const unsafe = /\/\/|\\|[\u0000-\u001f\u007f]|%(?:[01][0-9a-f]|7f|2f|5c|25)|%(?![0-9a-f]{2})/i;
  return next.startsWith("/") && !unsafe.test(next) ? next : "/";
}

async function signIn(button) {
  const started = await post("/api/v1/auth/passkeys/sign-in/start", {});
  const credential = await navigator.credentials.get(requestOptions(started.options));
  await post("/api/v1/auth/passkeys/sign-in/finish", {
    ceremony: started.ceremony,
    credential: assertion(credential),
  });
  window.location.assign(nextPath(button));
}

// Step-up: the signed-in person confirms with their own passkey; for five minutes the session
// may then add a passkey or create an admin token.
async function stepUp() {
  const started = await post("/api/v1/auth/passkeys/sign-in/start", {});
  const credential = await navigator.credentials.get(requestOptions(started.options));
  return post("/api/v1/auth/step-up", {
    ceremony: started.ceremony,
    credential: assertion(credential),
  });
}

async function register(button, invitation) {
  const nameField = document.getElementById("passkey-name");
  const name = (nameField && nameField.value.trim()) || button.dataset.defaultName || "Passkey";
  const body = invitation ? { invitation } : {};
  let started;
  try {
    started = await post("/api/v1/auth/passkeys/register/start", body);
  } catch (error) {
    // Adding a passkey to a signed-in account needs a fresh confirmation: ask for it once.
    if (error.type !== "/problems/step-up-required") throw error;
    await stepUp();
    started = await post("/api/v1/auth/passkeys/register/start", body);
  }
  const credential = await navigator.credentials.create(creationOptions(started.options));
  await post("/api/v1/auth/passkeys/register/finish", {
    ceremony: started.ceremony,
    credential: registration(credential),
    name,
  });
  window.location.assign(nextPath(button));
}

// The check-in page: the passkey confirms who is here; the server checks the booking in (or
// books the free desk) and signs the person in.
async function checkIn(button) {
  const started = await post("/api/v1/auth/passkeys/sign-in/start", {});
  const credential = await navigator.credentials.get(requestOptions(started.options));
  const body = { ceremony: started.ceremony, credential: assertion(credential) };
  if (button.dataset.desk) body.desk_id = Number(button.dataset.desk);
  if (button.dataset.room) body.room_id = Number(button.dataset.room);
  await post("/api/v1/check-ins/passkey", body);
  say(button.dataset.done || "OK");
  if (button.dataset.reload !== undefined) window.location.reload();
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-passkey]");
  if (!button) return;
  event.preventDefault();
  if (!window.PublicKeyCredential) {
    say(button.dataset.unsupported || "Passkeys are not supported by this browser.");
    return;
  }
  button.disabled = true;
  say(button.dataset.working || "…");
  try {
    const action = button.dataset.passkey;
    if (action === "sign-in") await signIn(button);
    else if (action === "register") await register(button, button.dataset.invitation);
    else if (action === "add") await register(button, null);
    else if (action === "check-in") await checkIn(button);
    else if (action === "step-up") {
      await stepUp();
      say(button.dataset.done || "OK");
      button.disabled = false;
    }
  } catch (error) {
    say(`${button.dataset.failed || "Failed"} (${error.message || error.name})`);
    button.disabled = false;
  }
});
