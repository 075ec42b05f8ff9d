// Instant feedback for the quiz: answers are graded by POST /api/v1/quiz/answer without a page
// load. Without this script the same form submits to the server, which grades it the same way.
(function () {
  'use strict';
  var form = document.querySelector('form.quiz-q');
  if (!form || !window.fetch) return;
  var out = document.querySelector('.js-feedback');
  var buttons = Array.prototype.slice.call(form.querySelectorAll('button.choice'));
  var done = false;

  // Text with `backticks` as <code>, built from text nodes only.
  function rich(parent, text) {
    text.split('`').forEach(function (part, i) {
      var node = i % 2 ? document.createElement('code') : document.createTextNode(part);
      if (i % 2) node.textContent = part;
      parent.appendChild(node);
    });
  }

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text) rich(e, text);
    return e;
  }

  function show(choice, res) {
    done = true;
    buttons.forEach(function (b, i) {
      b.disabled = true;
      if (i === res.answer) b.classList.add('right');
      if (i === choice && !res.correct) b.classList.add('wrong');
    });
    var box = el('section');
    box.className = 'feedback ' + (res.correct ? 'right' : 'wrong');
    box.appendChild(el('h2', res.correct ? 'Right!' : 'Not quite.'));
    if (!res.correct) {
      box.appendChild(el('p', 'The answer is ' + buttons[res.answer].querySelector('.label').textContent + '.'));
    }
    box.appendChild(el('p', res.explanation));
    var more = el('p');
    var read = el('a', 'Read the full page');
    read.href = res.url;
    more.appendChild(read);
    box.appendChild(more);
    var answers = form.dataset.answers + String(choice);
    var next = el('a', answers.length >= Number(form.dataset.total) ? 'See your score →' : 'Next question →');
    next.className = 'next';
    next.href = '/quiz/' + form.dataset.round + '?a=' + answers;
    var p = el('p');
    p.appendChild(next);
    box.appendChild(p);
    out.appendChild(box);
    next.focus();
  }

  function fallback(choice) {
    window.location.href = form.action + '?a=' + form.dataset.answers + '&c=' + choice;
  }

  function answer(choice) {
    if (done) return;
    done = true;
    fetch('/api/v1/quiz/answer', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify({ round: form.dataset.round, id: form.dataset.id, choice: choice })
    }).then(function (r) {
      if (!r.ok) throw new Error('status ' + r.status);
      return r.json();
    }).then(function (res) { show(choice, res); }, function () { fallback(choice); });
  }

  form.addEventListener('submit', function (ev) {
    var b = ev.submitter;
    if (!b || b.name !== 'c') return;
    ev.preventDefault();
    answer(Number(b.value));
  });

  document.addEventListener('keydown', function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    var t = ev.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
    var n = Number(ev.key);
    if (n >= 1 && n <= buttons.length) {
      ev.preventDefault();
      answer(n - 1);
    }
  });
})();
