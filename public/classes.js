// SkillPass class and attendance pages: forms that talk to the JSON API,
// the application's session rows and the live roster. (Being replaced by
// islands and server functions, issue 13: the classroom screen's code,
// the passkey ceremonies and the check-in are islands already.)
(() => {
  "use strict";

  const en = document.documentElement.lang === "en";
  const say = (zh, english) => (en ? english : zh);

  const { ApiError, request: api } = window.SkillPass;

  const problem = (error) =>
    error instanceof ApiError
      ? error.message
      : say("操作已取消或网络不稳定，请重试。", "Cancelled, or the network is unsteady; please try again.");

  // ---- Forms with data-api -------------------------------------------------

  function classApplication(form) {
    const data = new FormData(form);
    const [courseId, level] = String(data.get("course_level") || ":").split(":");
    return {
      course_id: Number(courseId),
      certificate_level: level,
      training_type: data.get("training_type"),
      capacity: Number(data.get("capacity")),
      teacher: data.get("teacher"),
      venue: data.get("venue"),
      latitude: Number(data.get("latitude")),
      longitude: Number(data.get("longitude")),
      commitment: data.get("commitment") === "on",
      online_platform_id: data.get("online_platform_id") ? Number(data.get("online_platform_id")) : null,
      sessions: [...form.querySelectorAll("[data-session]")].map((row) => ({
        date: row.querySelector("[name=date]").value,
        start: row.querySelector("[name=start]").value,
        end: row.querySelector("[name=end]").value,
        mode: row.querySelector("[name=mode]").value,
      })),
    };
  }

  // Form fields as JSON: data-number gives a number, data-list collects the
  // checked boxes of one name into an array of numbers (a batch of claims).
  function plainFields(form) {
    const values = {};
    for (const element of form.elements) {
      if (!element.name || element.closest("template") || element.type === "submit") continue;
      if (element.dataset.list !== undefined) {
        values[element.name] ??= [];
        if (element.checked) values[element.name].push(Number(element.value));
      } else {
        values[element.name] = element.dataset.number !== undefined ? Number(element.value) : element.value;
      }
    }
    return values;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.dataset?.api) return;
    event.preventDefault();
    const status = form.querySelector("[data-status]");
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    status.className = "form-status";
    status.textContent = say("请稍候…", "Please wait…");
    try {
      const body = form.dataset.form === "class" ? classApplication(form) : plainFields(form);
      // A form with several submit buttons (verify / refuse) sends the pressed one's value.
      if (event.submitter?.name) body[event.submitter.name] = event.submitter.value;
      const result = await api(form.dataset.method || "POST", form.dataset.api, body);
      status.textContent = say("已保存。", "Saved.");
      if (result?.skipped?.length) {
        // A batch where some items were left as they were: say which, and
        // why when the server says (a worker's claim filed meanwhile).
        const which = result.skipped
          .map((item) => (item.message ? `${item.worker_name}：${item.message}` : `#${item.id}`))
          .join(" ");
        status.textContent = say(
          `已处理 ${result.done.length} 份；未处理 ${result.skipped.length} 份：${which}`,
          `${result.done.length} done; ${result.skipped.length} left as they were: ${which}`,
        );
        return;
      }
      if (form.dataset.next) location.href = form.dataset.next.replace("{id}", result?.id ?? "");
      else if (form.dataset.reload !== undefined) location.reload();
      else if (form.dataset.rosterRefresh !== undefined) refreshRoster();
    } catch (error) {
      status.className = "form-status error";
      status.textContent = problem(error);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  });

  // ---- A list import: the file is sent as it is -----------------------------

  const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.dataset?.upload) return;
    event.preventDefault();
    const status = form.querySelector("[data-status]");
    const file = form.querySelector("input[type=file]").files[0];
    if (!file) return;
    const note = form.querySelector("[name=note]")?.value ?? "";
    const type = /\.xlsx$/i.test(file.name) ? XLSX : "text/csv";
    status.className = "form-status";
    status.textContent = say("请稍候…", "Please wait…");
    try {
      const response = await fetch(`${form.dataset.upload}?note=${encodeURIComponent(note)}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": type, Accept: "application/json" },
        body: file,
      });
      const data = await response.json().catch(() => null);
      if (!response.ok) throw new ApiError(data?.error?.message ?? `HTTP ${response.status}`);
      const rows = (data.not_matched || []).map((item) => `${item.row}：${item.message}`).join("；");
      status.textContent = rows ? `${data.message} ${rows}` : data.message;
    } catch (error) {
      status.className = "form-status error";
      status.textContent = problem(error);
    }
  });

  // ---- The application form's session rows --------------------------------

  function addSession(fieldset) {
    const template = fieldset.querySelector("[data-session-template]");
    const row = template.content.firstElementChild.cloneNode(true);
    fieldset.insertBefore(row, fieldset.querySelector("[data-add-session]"));
  }

  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-session]");
    if (add) addSession(add.closest("[data-sessions]"));
    const remove = event.target.closest("[data-remove-session]");
    if (remove) remove.closest("[data-session]").remove();
    const locate = event.target.closest("[data-locate]");
    if (locate && navigator.geolocation) {
      navigator.geolocation.getCurrentPosition((position) => {
        const form = locate.closest("form");
        form.elements.latitude.value = position.coords.latitude.toFixed(6);
        form.elements.longitude.value = position.coords.longitude.toFixed(6);
      });
    }
  });

  // ---- The live roster ----------------------------------------------------

  let refreshRoster = () => {};

  function startRoster(main) {
    const session = main.dataset.roster;
    const mayCorrect = main.dataset.mayCorrect === "true";
    const rows = main.querySelector("[data-roster-rows]");
    const status = main.querySelector("[data-status]");
    const label = { passkey: say("密钥", "key"), password: say("密码", "pw"), staff: say("人工", "staff") };
    const cell = (entry, direction) => {
      const td = document.createElement("td");
      const mark = direction === "in" ? entry.check_in : entry.check_out;
      if (mark) {
        const time = new Date(mark.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        const flag = mark.far_from_venue ? " ⚠" : mark.without_position ? say(" ⚠无定位", " ⚠no position") : "";
        td.textContent = `${time} ${label[mark.assurance] ?? mark.assurance}${flag}`;
        if (mark.reason) td.title = mark.reason;
      } else {
        td.textContent = "—";
      }
      if (mayCorrect) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button small secondary";
        button.textContent = mark ? say("作废", "Void") : say("补录", "Add");
        button.addEventListener("click", () => correct(entry.enrolment_id, direction, mark ? "void" : "add"));
        td.append(" ", button);
      }
      return td;
    };
    async function correct(enrolment_id, direction, action) {
      const reason = prompt(say("请填写更正理由（将记入审计日志）：", "Reason for this correction (kept in the audit trail):"));
      if (reason === null) return;
      try {
        await api("POST", `/api/v1/sessions/${session}/attendance`, { enrolment_id, direction, action, reason });
        status.textContent = "";
        refresh();
      } catch (error) {
        status.textContent = problem(error);
      }
    }
    async function refresh() {
      try {
        const roster = await api("GET", `/api/v1/sessions/${session}/roster`);
        main.querySelector("[data-enrolled]").textContent = roster.enrolled;
        main.querySelector("[data-checked-in]").textContent = roster.checked_in;
        main.querySelector("[data-checked-out]").textContent = roster.checked_out;
        main.querySelector("[data-headcount]").textContent = roster.headcount ?? "–";
        rows.replaceChildren(
          ...roster.entries.map((entry) => {
            const tr = document.createElement("tr");
            const who = document.createElement("td");
            who.textContent = `${entry.worker_name} ${entry.id_number_masked ?? ""}`;
            tr.append(who, cell(entry, "in"), cell(entry, "out"));
            return tr;
          }),
        );
      } catch (error) {
        status.textContent = problem(error);
      }
    }
    refreshRoster = refresh;
    refresh();
    setInterval(refresh, 4000);
  }

  function start() {
    const roster = document.querySelector("[data-roster]");
    if (roster) startRoster(roster);
    const sessions = document.querySelector("[data-sessions]");
    if (sessions && !sessions.querySelector("[data-session]")) addSession(sessions);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
