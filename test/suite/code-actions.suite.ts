// Quick fixes through vscode.executeCodeActionProvider. Pending until the code actions exist; their
// tests replace these titles.
describe('code actions', () => {
  it('offers the fixes for a finding in order');
  it('"Extract literal into config field" changes the files as expected');
  it('"Add graceful shutdown handler" changes main.go as expected');
});
