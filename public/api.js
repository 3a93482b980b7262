// SkillPass's shared browser helpers for the plain-JavaScript pages:
// calling the JSON API, and the passkey (WebAuthn) encoding. Loaded
// before passkey.js and classes.js, which take them from window.SkillPass.
(() => {
  "use strict";

  /** An error the server answered with; its message is in the page's language. */
  class ApiError extends Error {}

  /** Calls the JSON API; resolves to the answer's body (null when empty). */
  async function request(method, path, body) {
    const response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
    if (response.status === 204) return null;
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      /* an empty or non-JSON body */
    }
    if (!response.ok) {
      throw new ApiError(data?.error?.message ?? `HTTP ${response.status}`);
    }
    return data;
  }

  const toBuffer = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
  };
  const toText = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");

  /**
   * Asks the phone for a passkey answering the server's request options
   * (`{publicKey: ...}`), and returns it in the JSON form the server reads.
   */
  async function passkeyAssertion(requestOptions) {
    const options = structuredClone(requestOptions.publicKey);
    options.challenge = toBuffer(options.challenge);
    (options.allowCredentials || []).forEach((c) => (c.id = toBuffer(c.id)));
    const assertion = await navigator.credentials.get({ publicKey: options });
    const { authenticatorData, clientDataJSON, signature, userHandle } = assertion.response;
    return {
      id: assertion.id,
      rawId: toText(assertion.rawId),
      type: assertion.type,
      response: {
        authenticatorData: toText(authenticatorData),
        clientDataJSON: toText(clientDataJSON),
        signature: toText(signature),
        userHandle: userHandle ? toText(userHandle) : null,
      },
      clientExtensionResults: {},
    };
  }

  window.SkillPass = Object.freeze({ ApiError, request, toBuffer, toText, passkeyAssertion });
})();
