// SI inside core; km, hours and minutes only at the edges (CLI flags, labels).
export const METRES_PER_KM = 1000;
export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SQUARE_METRES_PER_KM2 = 1e6;

export const kmToMetres = (km: number): number => km * METRES_PER_KM;
export const metresToKm = (metres: number): number => metres / METRES_PER_KM;
export const hoursToSeconds = (hours: number): number => hours * SECONDS_PER_HOUR;
export const secondsToHours = (seconds: number): number => seconds / SECONDS_PER_HOUR;
export const minutesToSeconds = (minutes: number): number => minutes * SECONDS_PER_MINUTE;
export const secondsToMinutes = (seconds: number): number => seconds / SECONDS_PER_MINUTE;
export const kmhToMetresPerSecond = (kmh: number): number => kmh / 3.6;
export const metresPerSecondToKmh = (mps: number): number => mps * 3.6;
export const squareMetresToKm2 = (m2: number): number => m2 / SQUARE_METRES_PER_KM2;
export const degreesToRadians = (deg: number): number => (deg * Math.PI) / 180;
export const radiansToDegrees = (rad: number): number => (rad * 180) / Math.PI;
