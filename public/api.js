// SkillPass's shared browser helper for the plain-JavaScript pages not yet
// turned into islands: calling the JSON API. Loaded before classes.js,
// which takes it from window.SkillPass.
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

  window.SkillPass = Object.freeze({ ApiError, request });
})();
