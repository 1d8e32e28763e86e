// Play / pause at a speed, the scrubber with the forward/backward boundary, and the player's
// keys of the contract (section 6, bound in app.keys): Space, arrows, PageUp/PageDown, Home, End.
// The drawing itself is app.goto(k): a pure function of the step index.

const SPEEDS = [0.5, 1, 2, 4, 8, 30];

export function createPlayer(app, el) {
  let timer = null;
  let speed = 1;
  let shown = {};  // what show() last wrote
  const setPlaying = (on) => {
    clearInterval(timer);
    timer = null;
    if (on) {
      if (app.state.step >= app.state.steps) app.goto(0);
      timer = setInterval(() => {
        if (app.state.step >= app.state.steps) return setPlaying(false);
        app.goto(app.state.step + 1);
      }, 1000 / SPEEDS[speed]);
    }
    el.play.classList.toggle("playing", !!timer);
    el.play.dataset.i18nTitle = timer ? "pause" : "play";
    el.play.textContent = timer ? "❚❚" : "▶";
    app.emit("playing", !!timer);
  };
  const player = {
    get playing() { return !!timer; },
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    toggle: () => setPlaying(!timer),
    setSpeed(i) {
      speed = Math.max(0, Math.min(SPEEDS.length - 1, i));
      el.speed.value = speed;
      el.speedValue.textContent = `${SPEEDS[speed]}×`;
      if (timer) setPlaying(true);
    },
    get speeds() { return SPEEDS; },
    /** Update the scrubber and the step counter for a frame. */
    show(frame) {  // writes only what changed: during play a step should touch few elements
      const pct = frame.steps ? ((frame.boundary - 0.5) / frame.steps) * 100 : 100;
      const next = { max: frame.steps, value: frame.step, pct, hidden: !frame.steps || frame.boundary > frame.steps,
        counter: `${frame.step} / ${frame.steps}`, phase: frame.phase, phaseText: app.t(`phase.${frame.phase}`) };
      const was = shown;
      shown = next;
      if (was.max !== next.max) el.scrub.max = next.max;
      if (was.value !== next.value || was.max !== next.max) el.scrub.value = next.value;
      if (was.pct !== pct) {
        el.boundary.style.left = `${Math.min(100, Math.max(0, pct))}%`;
        el.fwd.style.width = `${Math.min(100, pct)}%`;
      }
      if (was.hidden !== next.hidden) el.boundary.hidden = next.hidden;
      if (was.counter !== next.counter) el.counter.textContent = next.counter;
      if (was.phase !== next.phase) el.phase.dataset.phase = next.phase;
      if (was.phaseText !== next.phaseText) el.phase.textContent = next.phaseText;
    },
  };
  const paused = (fn) => () => { player.pause(); fn(); };
  const actions = {  // one action per control, shared by its button and its keys
    play: [el.play, () => player.toggle(), "Space"],
    prev: [el.prev, paused(() => app.step(-1)), ["ArrowLeft", "PageUp"]],
    next: [el.next, paused(() => app.step(1)), ["ArrowRight", "PageDown"]],
    home: [el.home, paused(() => app.goto(0)), "Home"],
    end: [el.end, paused(() => app.goto(Infinity)), "End"],
  };
  for (const [name, [button, run, keys]] of Object.entries(actions)) {
    button.addEventListener("click", run);
    app.keys.bind(keys, run, { name });
  }
  el.scrub.addEventListener("input", paused(() => app.goto(Number(el.scrub.value))));
  el.speed.max = SPEEDS.length - 1;
  el.speed.value = speed;
  el.speed.addEventListener("input", () => player.setSpeed(Number(el.speed.value)));
  return player;
}
