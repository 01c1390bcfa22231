import assert from 'node:assert/strict';
import { generateToken, safeEqual } from '../../daemon/system/token.js';

describe('API tokens', () => {
  it('are 256 random bits in base64url, different every time', () => {
    const a = generateToken();
    const b = generateToken();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, b);
  });

  it('compare equal only when identical', () => {
    const t = generateToken();
    assert.equal(safeEqual(t, `${t}`), true);
    const oneCharOff = `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`;
    assert.equal(safeEqual(t, oneCharOff), false);
    assert.equal(safeEqual(t, t.slice(0, 10)), false);
    assert.equal(safeEqual(t, ''), false);
  });
});
