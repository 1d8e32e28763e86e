// The chapter-5 lesson, installed into the app by main.js: a tour of the chapter, a
// fill-the-boxes quiz for any graph, and a link to the training page (/train).

import { createTour } from "./tour.js";
import { createQuiz } from "./quiz.js";
import "./strings.js";
import { t } from "/static/js/i18n.js";
import { el } from "/static/js/el.js";

export function install(app) {
  const css = el("link");
  css.rel = "stylesheet";
  css.href = "/static/lesson/lesson.css";
  document.head.append(css);

  const tourBox = el("section", "lesson-tour");
  tourBox.id = "lesson-tour";
  const quizBox = el("section", "lesson-quiz");
  quizBox.id = "lesson-quiz";
  app.panel.append(tourBox, quizBox);
  const overlay = el("div", "lesson-present");
  overlay.id = "lesson-present";
  const stageScore = el("div", "lesson-stage-score");  // the quiz score in presentation mode
  stageScore.id = "lesson-stage-score";
  stageScore.setAttribute("aria-live", "polite");
  (document.getElementById("stage") || document.body).append(overlay, stageScore);

  const showPanel = () => { app.panel.hidden = !(tour.active || quiz.active); };
  const quiz = createQuiz(app, quizBox, showPanel, stageScore);
  const tour = createTour(app, tourBox, overlay, { quiz, onChange: showPanel });

  const tourBtn = el("button", "lesson-btn");
  tourBtn.id = "lesson-tour-btn";
  tourBtn.addEventListener("click", () => (tour.active ? tour.stop() : tour.go(Math.max(0, tour.index))));
  const quizBtn = el("button", "lesson-btn");
  quizBtn.id = "lesson-quiz-btn";
  quizBtn.addEventListener("click", () => (quiz.active ? quiz.stop() : quiz.start()));
  const trainLink = el("a", "button lesson-btn");
  trainLink.id = "lesson-train-link";
  trainLink.href = "/train";
  app.toolbar.append(tourBtn, quizBtn, trainLink);

  const label = () => {
    tourBtn.textContent = t("lesson.tour");
    quizBtn.textContent = t("lesson.quiz");
    trainLink.textContent = t("lesson.training");
    tour.render();
    quiz.render();
    showPanel();
  };
  app.on("lang", label);
  app.on("load", () => quiz.stop());
  label();

  const wanted = new URLSearchParams(window.location.search).get("tour");  // a number or a step id
  if (wanted) tour.go(wanted);
  window.compgraphLesson = { tour, quiz };
  return { tour, quiz };
}
