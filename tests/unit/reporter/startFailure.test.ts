import { ApiError, NetworkError } from '../../../client/reporter/flow/api';
import { CryptoBlockedError } from '../../../client/reporter/flow/cryptoStart';
import { startFailure } from '../../../client/reporter/flow/errors';

/** The portal names the real cause of a failed start: only a request without an answer is "the connection". */
describe('startFailure', () => {
  test('encryption that cannot start is "blocked", never the connection', () => {
    expect(startFailure(new CryptoBlockedError('ReferenceError: WebAssembly is not defined'))).toBe('blocked');
  });
  test('a request that got no answer is the connection', () => {
    expect(startFailure(new NetworkError('TypeError: Failed to fetch'))).toBe('connection');
  });
  test('an answer with an error status is the server, not the connection', () => {
    expect(startFailure(new ApiError(503, 'http_503', 'Service Unavailable'))).toBe('server');
    expect(startFailure(new Error('unexpected'))).toBe('server');
  });
});
