/* Background jobs (decision 0035).

   1. A form marked data-disable-on-submit disables its submit buttons once sent, so a long
      import is not started twice by a second click.
   2. A job's page (templates/staff/job.html): the element marked data-job-progress names the
      job's status address; it is asked every data-job-interval seconds and the progress is
      updated in place; when the job has finished, the page is loaded once more to show the
      outcome. Without scripts, the page refreshes itself instead. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-disable-on-submit")) {
      return;
    }
    window.setTimeout(function () {
      form.querySelectorAll("[type=submit]").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  function watch(box) {
    var url = box.getAttribute("data-job-progress");
    var interval = (parseInt(box.getAttribute("data-job-interval"), 10) || 3) * 1000;
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-job-progress-text]");
    var status = document.querySelector("[data-job-status]");

    function ask() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (job) {
          if (job.finished) {
            window.location.reload();
            return;
          }
          bar.max = job.rows_total || 1;
          bar.value = job.rows_done;
          bar.textContent = job.progress;
          text.textContent = job.progress;
          if (status) {
            status.textContent = job.status_label;
          }
          window.setTimeout(ask, interval);
        })
        .catch(function () {
          window.setTimeout(ask, interval * 2);
        });
    }

    window.setTimeout(ask, interval);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-job-progress]").forEach(watch);
  });
})();
