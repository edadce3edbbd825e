// The per-factor scorecard. Pending until its command exists; its tests replace this title.
describe('scorecard', () => {
  it('the scorecard command returns the expected status per factor');
});
