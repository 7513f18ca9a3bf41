// The run page's Model metrics tab of MLflow's UI (3.x) and its stepped image chart, for a screenshot. The UI keeps the
// tab's chart settings in localStorage under "...-RunPage-RUN-model-chartUIState".
({
  // The image chart (and its section) first, its "Show run parameters" switch off (MLflow lists every param above the
  // picture), its slider at the given step or, when that is negative, at the last logged step. Reload the page after.
  prepare: async (runId, step) => {
    const key = Object.keys(localStorage).find(k => k.includes(runId) && k.endsWith('-model-chartUIState'));
    const state = JSON.parse(localStorage.getItem(key));
    if (step < 0) {
      const listing = await (await fetch(`ajax-api/2.0/mlflow/artifacts/list?run_id=${runId}&path=images`)).json();
      const steps = (listing.files || []).map(f => /\+step\+(\d+)\+/.exec(f.path)).filter(m => m).map(m => Number(m[1]));
      step = Math.max(0, ...steps);
    }
    const images = state.compareRunCharts.filter(c => c.type === 'IMAGE');
    images.forEach(c => { c.showRunParams = false; c.step = step; });
    state.compareRunCharts = images.concat(state.compareRunCharts.filter(c => c.type !== 'IMAGE'));
    const first = new Set(images.map(c => c.metricSectionId));
    state.compareRunSections = state.compareRunSections.filter(s => first.has(s.uuid))
        .concat(state.compareRunSections.filter(s => !first.has(s.uuid)));
    localStorage.setItem(key, JSON.stringify(state));
    return step;
  },
  // True once the chart shows the prepared step's picture, drawn, inside the viewport, with no params above it.
  shown: (runId) => {
    const key = Object.keys(localStorage).find(k => k.includes(runId) && k.endsWith('-model-chartUIState'));
    const chart = JSON.parse(localStorage.getItem(key)).compareRunCharts.find(c => c.type === 'IMAGE');
    const picture = Array.from(document.querySelectorAll('img.rc-image-img'))
        .find(i => i.getAttribute('src').includes(`%2Bstep%2B${chart.step}%2B`));
    return Boolean(picture && picture.complete && picture.naturalWidth > 0
        && picture.getBoundingClientRect().bottom <= innerHeight
        && !picture.closest('.react-resizable').textContent.includes('data.type='));
  },
})
