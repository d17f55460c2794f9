/**
 * How many columns the service tiles take, so that every service is on the one screen and each
 * tile is as large as the screen allows: by number of services, orientation and mode.
 */
export interface TileColumns {
  portrait: number;
  landscape: number;
}

export function tileColumns(count: number, elderly: boolean): TileColumns {
  const n = Math.max(1, count);
  if (elderly) {
    return {
      portrait: n <= 4 ? 1 : 2,
      landscape: n <= 2 ? n : n <= 6 ? 3 : 4,
    };
  }
  return {
    portrait: n <= 2 ? 1 : n <= 8 ? 2 : 3,
    landscape: n <= 3 ? n : n <= 6 ? 3 : 4,
  };
}
