// An example of a user's own dispatch policy for `dpuforge study --policy-module examples/policy-crc-on-arm.mjs`:
// CRC32C on the DPU's ARM cores (they have a CRC instruction), every other stage on its engine. A policy is an
// object with a name and dispatch(task, view, run): `task` says the request, stage, function, bytes and where the
// data is; `view.options` lists each placement that can run it with its load and the time it would take there
// (src/runtime/policy.ts); call run('engine' | 'arm' | 'host') exactly once, now or later.
export default {
  name: 'crc-on-arm',
  dispatch(task, view, run) {
    const can = (where) => view.options.some((o) => o.where === where);
    run(task.fn === 'crc32c' && can('arm') ? 'arm' : can('engine') ? 'engine' : 'arm');
  },
};
