// WCAG contrast arithmetic and the nudge that gives a series colour 3:1 against its background.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contrastRatio, MIN_SERIES_CONTRAST, withContrast, type Rgb } from '../../webview/contrast';

const WHITE: Rgb = [255, 255, 255], BLACK: Rgb = [0, 0, 0];

test('contrast ratio: the WCAG reference points', () => {
  assert.equal(Math.round(contrastRatio(WHITE, BLACK) * 100) / 100, 21);
  assert.equal(contrastRatio(WHITE, WHITE), 1);
  // #767676 is the classic 4.54:1 grey on white.
  assert.equal(Math.round(contrastRatio([0x76, 0x76, 0x76], WHITE) * 100) / 100, 4.54);
});

test("Light Modern's charts.orange (2.9:1 on white) is darkened to 3:1; a colour that passes is kept", () => {
  const orange: Rgb = [0xd1, 0x86, 0x16];
  assert.ok(contrastRatio(orange, WHITE) < MIN_SERIES_CONTRAST);
  const shown = withContrast(orange, WHITE, [0x3b, 0x3b, 0x3b]);
  assert.ok(contrastRatio(shown, WHITE) >= MIN_SERIES_CONTRAST, String(shown));
  assert.ok(shown[0] > shown[2] + 60, `still orange: ${shown}`);
  const blue: Rgb = [0x37, 0x94, 0xff];
  assert.deepEqual(withContrast(blue, [0x1f, 0x1f, 0x1f], [0xcc, 0xcc, 0xcc]), blue);
});

test('a dark brown on black is lightened towards the text colour', () => {
  const brown: Rgb = [0x5a, 0x32, 0x00];
  const shown = withContrast(brown, BLACK, WHITE);
  assert.ok(contrastRatio(shown, BLACK) >= MIN_SERIES_CONTRAST);
});
