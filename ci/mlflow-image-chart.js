// Prepares the run page's Model metrics tab of MLflow's UI (3.x) for a screenshot of its stepped image chart: the chart
// (and its section) first, run parameters hidden (the card's "Show run parameters" switch; MLflow lists every param
// above the picture), the slider at the given step or, when it is negative, at the last logged step. The UI keeps this
// state in localStorage under "...-RunPage-RUN-model-chartUIState"; the page must be reloaded afterwards.
async (runId, step) => {
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
}
