// Presentation mode: the P key or the Present button, Escape or leaving full screen ends it.

export function createPresent(app, button, onChange) {
  const on = () => document.body.classList.contains("present");
  function toggle(want = !on()) {
    document.body.classList.toggle("present", want);
    if (want && !document.fullscreenElement) document.documentElement.requestFullscreen?.().catch(() => {});
    if (!want && document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    onChange();
    app.emit("present", want);
  }
  button.addEventListener("click", () => toggle());
  app.keys.bind("p", () => toggle(), { name: "present" });
  app.keys.bind("Escape", () => toggle(false), { when: on, name: "present.end" });
  document.addEventListener("fullscreenchange", () => { if (!document.fullscreenElement && on()) toggle(false); });
  return { toggle, get on() { return on(); } };
}
