/// The web pages' one stylesheet and one script, served from `/assets/`.
enum WebAssets {
    static let css = """
        :root { --bad: #b00020; --ok: #1b5e20; --warn: #8a5a00; --line: #d0d4da; --muted: #5f6670; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: #1d2125; background: #f6f7f9; }
        header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em; background: #1d2733; color: #fff; }
        header nav { display: flex; gap: 1em; align-items: center; flex: 1; }
        header a { color: #cfe3ff; text-decoration: none; padding: .2em .4em; border-radius: 3px; }
        header a[aria-current] { background: #34475c; color: #fff; }
        header .who { margin-left: auto; color: #c8d0d8; }
        main { padding: 1em 1.5em; max-width: 1400px; }
        h1 { margin: .2em 0 .5em; font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.4em; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin: .4em 0 1em; }
        th, td { border-bottom: 1px solid var(--line); padding: .3em .5em; text-align: left; vertical-align: top; }
        th { background: #eceff3; }
        #vms, #coverage { table-layout: fixed; }
        #vms tbody, #coverage tbody { content-visibility: auto; contain-intrinsic-size: auto 40000px; }
        code { font-size: .92em; }
        a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #3b82f6; outline-offset: 1px; }
        .muted { color: var(--muted); } .error { color: var(--bad); font-weight: 600; } .okay { color: var(--ok); }
        .badge { display: inline-block; padding: 0 .45em; border-radius: 3px; font-size: .85em; font-weight: 600; color: #fff; }
        .badge.ok { background: var(--ok); } .badge.bad { background: var(--bad); } .badge.warn { background: var(--warn); }
        .tag { display: inline-block; padding: 0 .35em; border: 1px solid var(--line); border-radius: 3px; font-size: .85em; background: #f0f3f7; }
        .state.running { color: var(--ok); } .state.shutoff, .state.crashed { color: var(--bad); }
        .alert { border: 2px solid var(--bad); background: #fff0f2; padding: .4em 1em; }
        .alert h2 { margin: .2em 0; color: var(--bad); }
        .summary { font-size: 1.05em; }
        .inline { display: inline; }
        .login { display: flex; flex-direction: column; gap: .5em; max-width: 22em; margin-bottom: 1.5em; }
        .login label { display: flex; flex-direction: column; }
        .editor { display: flex; border: 1px solid var(--line); background: #fff; height: 28em; }
        #gutter { margin: 0; padding: .4em .4em .4em 0; list-style: none; text-align: right; color: var(--muted); background: #eceff3;
          font: 13px/1.5 ui-monospace, monospace; min-width: 3.2em; overflow: hidden; }
        #gutter li.err { background: var(--bad); color: #fff; }
        #policy-text { flex: 1; border: 0; padding: .4em; font: 13px/1.5 ui-monospace, monospace; resize: none; white-space: pre; }
        .controls { display: flex; gap: .8em; align-items: center; margin: .6em 0; }
        pre.diff { background: #fff; border: 1px solid var(--line); padding: .5em; }
        pre.diff .added { background: #e6f4ea; display: block; } pre.diff .removed { background: #fdecee; display: block; }
        #progress { position: fixed; top: .6em; right: 1em; background: #fff7d6; border: 1px solid #d9b600; padding: .2em .8em; }
        svg.traffic { background: #fff; border: 1px solid var(--line); }
        svg.traffic polyline { fill: none; stroke: #2563eb; stroke-width: 2; }
        figure.graph { margin: .4em 0; } figure.graph figcaption { color: var(--muted); }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; }
        dl.facts dt { font-weight: 600; }
        """

    static let javascript = """
        "use strict";
        // Times in the reader's time zone.
        function localTimes(root) {
          for (const t of root.querySelectorAll("time[data-ms]")) {
            const d = new Date(Number(t.dataset.ms));
            t.title = d.toISOString();
            t.textContent = d.toLocaleString();
          }
        }
        // A progress note for anything that takes longer than a moment.
        let pending = 0, timer = null;
        async function withProgress(work) {
          const note = document.getElementById("progress");
          pending++;
          if (!timer) timer = setTimeout(() => { if (pending) note.hidden = false; }, 300);
          try { return await work(); } finally {
            pending--;
            if (!pending) { clearTimeout(timer); timer = null; note.hidden = true; }
          }
        }
        async function api(method, path, body) {
          return withProgress(async () => {
            const response = await fetch(path, {
              method, credentials: "same-origin",
              headers: body === undefined ? {} : { "Content-Type": "application/json" },
              body: body === undefined ? undefined : JSON.stringify(body),
            });
            const text = await response.text();
            return { status: response.status, body: text ? JSON.parse(text) : null };
          });
        }
        // The policy editor.
        function policyEditor() {
          const text = document.getElementById("policy-text");
          if (!text) return;
          const gutter = document.getElementById("gutter");
          const error = document.getElementById("policy-error");
          const status = document.getElementById("policy-status");
          const apply = document.getElementById("apply");
          const result = document.getElementById("dry-run-result");
          let checkedText = null;
          function renderGutter(errorLine) {
            const count = text.value.split("\\n").length;
            const items = [];
            for (let i = 1; i <= count; i++) {
              const li = document.createElement("li");
              li.textContent = i;
              if (i === errorLine) li.className = "err";
              items.push(li);
            }
            gutter.replaceChildren(...items);
            gutter.scrollTop = text.scrollTop;
          }
          function clear() {
            error.hidden = true; error.textContent = ""; delete error.dataset.line;
            status.hidden = true; renderGutter(0);
          }
          function showError(body) {
            error.hidden = false;
            error.dataset.line = body.line || "";
            error.textContent = (body.line ? "Line " + body.line + (body.column ? ", column " + body.column : "") + ": " : "") + body.error;
            renderGutter(body.line || 0);
            if (body.line) {
              const lines = text.value.split("\\n");
              let start = 0;
              for (let i = 0; i < body.line - 1 && i < lines.length; i++) start += lines[i].length + 1;
              text.focus();
              text.setSelectionRange(start, start + (lines[body.line - 1] || "").length);
            }
          }
          async function validate() {
            clear();
            const r = await api("POST", "/policy/check", { text: text.value });
            if (!r.body.valid) { showError(r.body); return false; }
            status.hidden = false;
            status.textContent = "Valid: " + r.body.rules + " rules, " + r.body.destinations + " destinations.";
            return true;
          }
          function nicKey(n) { return n.vm + " " + n.mac; }
          async function dryRun() {
            if (!(await validate())) return;
            const current = await api("GET", "/api/v1/policy");
            const [before, after] = await Promise.all([
              current.status === 200 ? api("POST", "/api/v1/policy/dry-run", { text: current.body.text }) : Promise.resolve({ body: { nics: [] } }),
              api("POST", "/api/v1/policy/dry-run", { text: text.value }),
            ]);
            if (after.status !== 200) { showError(after.body); return; }
            const was = new Map(before.body.nics.map((n) => [nicKey(n), n]));
            const tapped = [], untapped = [], changed = [];
            for (const n of after.body.nics) {
              const old = was.get(nicKey(n));
              if (n.tapped && !(old && old.tapped)) tapped.push(n);
              else if (!n.tapped && old && old.tapped) untapped.push(n);
              else if (old && old.destinations.join() !== n.destinations.join()) changed.push(n);
            }
            const section = (title, id, list) => {
              const h = document.createElement("h3"); h.textContent = title + ": " + list.length;
              const ul = document.createElement("ul"); ul.id = id;
              for (const n of list) {
                const li = document.createElement("li");
                li.textContent = n.vm + " " + n.mac + (n.destinations.length ? " → " + n.destinations.join(", ") : "");
                ul.append(li);
              }
              return [h, ul];
            };
            const summary = document.createElement("p");
            summary.textContent = "With this text " + after.body.tappedVMs + " VMs and " + after.body.tappedNICs + " NICs are tapped.";
            result.replaceChildren(summary, ...section("Newly tapped NICs", "newly-tapped", tapped),
              ...section("Newly untapped NICs", "newly-untapped", untapped), ...section("Other destinations", "changed", changed));
            checkedText = text.value;
            if (apply) { apply.disabled = false; apply.title = ""; }
          }
          async function submit() {
            if (text.value !== checkedText) { await dryRun(); if (text.value !== checkedText) return; }
            const comment = document.getElementById("comment").value;
            const r = await api("POST", "/api/v1/policy/revisions", { text: text.value, comment });
            if (r.status !== 201) { showError(r.body); return; }
            location.reload();
          }
          text.addEventListener("input", () => {
            renderGutter(0);
            if (apply && text.value !== checkedText) apply.disabled = true;
          });
          text.addEventListener("scroll", () => { gutter.scrollTop = text.scrollTop; });
          text.addEventListener("keydown", (event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); validate(); }
          });
          const on = (id, handler) => { const b = document.getElementById(id); if (b) b.addEventListener("click", handler); };
          on("validate", validate);
          on("dry-run", dryRun);
          on("apply", submit);
          for (const button of document.querySelectorAll("button.rollback")) {
            button.addEventListener("click", async () => {
              const id = button.dataset.revision;
              const old = await api("GET", "/api/v1/policy/revisions/" + id);
              if (old.status !== 200) return;
              const r = await api("POST", "/api/v1/policy/revisions", { text: old.body.text, comment: "roll back to revision " + id });
              if (r.status === 201) location.reload(); else showError(r.body);
            });
          }
        }
        // The Traffic page's range picker: from/to shown and typed in the reader's time zone,
        // sent as UTC; they are enabled only for a custom range.
        function trafficForm() {
          const form = document.getElementById("traffic-form");
          if (!form) return;
          const select = document.getElementById("traffic-range-select");
          const inputs = [document.getElementById("traffic-from"), document.getElementById("traffic-to")];
          const pad = (n) => String(n).padStart(2, "0");
          for (const input of inputs) {
            const d = new Date(Number(input.dataset.ms));
            input.value = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds());
          }
          const sync = () => { for (const input of inputs) input.disabled = select.value !== "custom"; };
          select.addEventListener("change", sync);
          sync();
          form.addEventListener("submit", () => {
            const utc = [];
            for (const input of inputs) {
              if (input.disabled || !input.value) continue;
              const hidden = document.createElement("input");
              hidden.type = "hidden"; hidden.name = input.name;
              hidden.value = new Date(input.value).toISOString().slice(0, 19) + "Z";
              utc.push(hidden);
              input.disabled = true;
            }
            for (const field of form.querySelectorAll("input[type=search], input:not([type])")) if (!field.value) field.disabled = true;
            for (const hidden of utc) form.appendChild(hidden);
          });
        }
        document.addEventListener("DOMContentLoaded", () => {
          localTimes(document);
          trafficForm();
          policyEditor();
        });
        """
}
