// SkillPass account forms: passkey ceremonies (WebAuthn) and the password
// fallback, talking to the JSON API under /api/v1. Plain JavaScript so the
// WebAssembly stays small; the pages work the same in Chinese and English
// because every message shown comes from the server.
(() => {
  "use strict";

  const hasWebAuthn = !!(window.PublicKeyCredential && navigator.credentials);

  const { ApiError, request, toBuffer, toText, passkeyAssertion } = window.SkillPass;
  const post = (path, body) => request("POST", path, body);

  /** Creates a passkey for a `{ceremony, publicKey}` challenge and finishes it. */
  async function createPasskey(challenge) {
    const options = challenge.publicKey.publicKey;
    options.challenge = toBuffer(options.challenge);
    options.user.id = toBuffer(options.user.id);
    (options.excludeCredentials || []).forEach((c) => (c.id = toBuffer(c.id)));
    const credential = await navigator.credentials.create({ publicKey: options });
    const extensions = credential.getClientExtensionResults();
    return post("/api/v1/auth/passkeys/finish", {
      ceremony: challenge.ceremony,
      label: navigator.userAgentData?.platform || "",
      credential: {
        id: credential.id,
        rawId: toText(credential.rawId),
        type: credential.type,
        response: {
          attestationObject: toText(credential.response.attestationObject),
          clientDataJSON: toText(credential.response.clientDataJSON),
          transports: credential.response.getTransports?.(),
        },
        clientExtensionResults: extensions.credProps ? { credProps: extensions.credProps } : {},
      },
    });
  }

  /** Signs in with any passkey of this site the phone holds. */
  async function signInWithPasskey() {
    const challenge = await post("/api/v1/auth/sign-in/passkey");
    return post("/api/v1/auth/sign-in/passkey/finish", {
      ceremony: challenge.ceremony,
      credential: await passkeyAssertion(challenge.publicKey),
    });
  }

  const fields = (form) => {
    const data = new FormData(form);
    const values = {};
    for (const [name, value] of data.entries()) {
      if (name === "categories" || name === "keep") (values[name] ||= []).push(value);
      else values[name] = value;
    }
    return values;
  };

  /** What each form does, by its data-form and the button pressed. */
  const actions = {
    register: (values, how) =>
      how === "password"
        ? post("/api/v1/auth/register/worker/password", values)
        : post("/api/v1/auth/register/worker/passkey", values).then(createPasskey),
    "sign-in": () => signInWithPasskey(),
    code: (values) =>
      post("/api/v1/auth/code/passkey", { login: values.login, code: values.code }).then(createPasskey),
    // A password session gives the password again; a passkey session sends nothing.
    "add-passkey": (values) =>
      post("/api/v1/me/passkeys", values.password ? { password: values.password } : {}).then(createPasskey),
    "review-passkeys": (values) => post("/api/v1/me/passkeys/review", { keep: values.keep || [] }),
    "create-staff": (values) => post("/api/v1/accounts", values),
    "recovery-code": (values) => post("/api/v1/accounts/recovery-codes", values),
  };

  /** Where to go after success, or a message to show instead. */
  const after = {
    register: () => (location.href = "/account"),
    "sign-in": () => (location.href = backTo() ?? "/account"),
    code: () => (location.href = "/account"),
    "add-passkey": () => location.reload(),
    "create-staff": (result) => showCode(result),
    "recovery-code": (result) => showCode(result),
    "review-passkeys": () => location.reload(),
  };

  /** A page of ours to return to after signing in: the server put it in the form, checked. */
  function backTo() {
    return document.querySelector('form[data-form="sign-in"] input[name="next"]')?.value || null;
  }

  let currentStatus = null;
  function showCode(result) {
    const who = result.account.display_name + (result.account.username ? ` (${result.account.username})` : "");
    currentStatus.textContent = `${who}: ${result.code} — ${new Date(result.expires_at).toLocaleString()}`;
    currentStatus.dataset.code = result.code;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    const kind = form.dataset?.form;
    if (!kind || !actions[kind]) return;
    const how = event.submitter?.dataset.submit ?? "passkey";
    // The password sign-in and the password set with a one-time code are
    // plain forms posted to the server: the browser submits them itself.
    if (how === "password" && (kind === "sign-in" || kind === "code")) return;
    event.preventDefault();
    const status = form.querySelector("[data-status]");
    currentStatus = status;
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    status.textContent = document.documentElement.lang === "en" ? "Please wait…" : "请稍候…";
    status.className = "form-status";
    try {
      const result = await actions[kind](fields(form), how);
      status.textContent = "";
      after[kind](result);
    } catch (error) {
      status.className = "form-status error";
      status.textContent =
        error instanceof ApiError
          ? error.message
          : document.documentElement.lang === "en"
            ? "The passkey step was cancelled or failed. Please try again."
            : "通行密钥操作已取消或失败，请重试。";
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });

  // Browsers without WebAuthn get the password fallback open and ready.
  function adapt() {
    if (hasWebAuthn) return;
    document.querySelectorAll("[data-needs-webauthn]").forEach((el) => (el.hidden = true));
    document.querySelectorAll("[data-without-webauthn]").forEach((el) => (el.hidden = false));
    document.querySelectorAll("details[data-fallback]").forEach((el) => (el.open = true));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", adapt);
  else adapt();
})();
