// Prepares MLflow's compare-runs view (3.x) for a screenshot: the parallel-coordinates plot shows the given metrics
// instead of the UI's default pick (the last metric key, a system metric for Langevin's runs), and the Parameters
// table shows only the params that differ (its "Show diff only" switch).
async (metrics) => {
  const pause = ms => new Promise(done => setTimeout(done, ms));
  document.querySelector('[aria-label="Parameters - Show diff only"]').click();
  const selects = document.querySelectorAll('.du-bois-light-select-selector');
  const metricSelect = selects[selects.length - 1];
  for (const remove of metricSelect.querySelectorAll('.du-bois-light-select-selection-item-remove')) {
    remove.dispatchEvent(new MouseEvent('mousedown', {bubbles: true}));
    remove.click();
    await pause(200);
  }
  const search = metricSelect.querySelector('input');
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  for (const metric of metrics) {
    metricSelect.dispatchEvent(new MouseEvent('mousedown', {bubbles: true}));
    setValue.call(search, metric); // typed into the select's search box: its option list is virtual
    search.dispatchEvent(new Event('input', {bubbles: true}));
    await pause(500);
    const option = Array.from(document.querySelectorAll('.du-bois-light-select-item-option'))
        .find(o => o.getAttribute('title') === metric);
    if (!option) throw new Error('no metric ' + metric + ' in the compare view');
    option.click();
    await pause(300);
  }
  document.body.dispatchEvent(new MouseEvent('mousedown', {bubbles: true}));
  return metrics.length;
}
