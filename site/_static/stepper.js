// The stepper of lesson 03 without a kernel: ◀ ▶ and the correct/published switch show the pictures and
// formulas that bpcore drew when the site was built (scripts/site).  Every formula is typeset once, at load;
// a step only shows its own and hides the others.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".bp-stepper")) {
    const count = Number(box.dataset.count);
    const img = box.querySelector(".bp-step-plot");
    const link = box.querySelector(".bp-step-link");
    const back = box.querySelector(".bp-back");
    const forth = box.querySelector(".bp-forth");
    const stepno = box.querySelector(".bp-stepno");
    const frames = box.querySelectorAll(".bp-frame");
    let step = 1;
    const gradients = () => box.querySelector('input[name="bp-gradients"]:checked').value;
    const show = () => {
      const g = gradients();
      img.src = link.href = `_static/bp/stepper/${g}-${step}.png`;
      img.alt = img.dataset.alt.replace("{n}", step).replace("{count}", count)
        .replace("{g}", img.dataset["g" + g[0].toUpperCase() + g.slice(1)]);
      stepno.textContent = stepno.dataset.template.replace("{n}", step).replace("{count}", count);
      for (const frame of frames) {
        frame.hidden = !(frame.dataset.gradients === g && Number(frame.dataset.step) === step);
      }
      back.disabled = step === 1;
      forth.disabled = step === count;
    };
    back.addEventListener("click", () => { step = Math.max(1, step - 1); show(); });
    forth.addEventListener("click", () => { step = Math.min(count, step + 1); show(); });
    for (const radio of box.querySelectorAll('input[name="bp-gradients"]')) {
      radio.addEventListener("change", show);
    }
    box.addEventListener("keydown", (event) => {
      if (event.key === "ArrowLeft" && step > 1) { step -= 1; show(); }
      if (event.key === "ArrowRight" && step < count) { step += 1; show(); }
    });
    show();
  }
});
