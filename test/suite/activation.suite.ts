import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './helpers';

describe('activation', () => {
  it('activates by itself on a workspace holding go.mod', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed in the host`);
    // Nothing here calls activate(): the manifest's activation events must do it.
    await waitFor('the extension to activate', () => extension.isActive || undefined, 20_000);
  });
});
