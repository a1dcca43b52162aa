// SI inside core; km, hours and minutes only at the edges (CLI flags, labels).
/**
 * Metres in a kilometre.
 */
export const METRES_PER_KM = 1000;
/**
 * Seconds in a minute.
 */
export const SECONDS_PER_MINUTE = 60;
/**
 * Seconds in an hour.
 */
export const SECONDS_PER_HOUR = 3600;
/**
 * Square metres in a square kilometre.
 */
export const SQUARE_METRES_PER_KM2 = 1e6;

/**
 * Kilometres → metres.
 *
 * @example
 * ```ts
 * import { kmToMetres } from "@syraq/core";
 * kmToMetres(1.5); // 1500
 * ```
 */
export const kmToMetres = (km: number): number => km * METRES_PER_KM;
/**
 * Metres → kilometres.
 *
 * @example
 * ```ts
 * import { metresToKm } from "@syraq/core";
 * metresToKm(167_736); // 167.736
 * ```
 */
export const metresToKm = (metres: number): number => metres / METRES_PER_KM;
/**
 * Hours → seconds.
 *
 * @example
 * ```ts
 * import { hoursToSeconds } from "@syraq/core";
 * hoursToSeconds(2); // 7200
 * ```
 */
export const hoursToSeconds = (hours: number): number => hours * SECONDS_PER_HOUR;
/**
 * Seconds → hours.
 *
 * @example
 * ```ts
 * import { secondsToHours } from "@syraq/core";
 * secondsToHours(5400); // 1.5
 * ```
 */
export const secondsToHours = (seconds: number): number => seconds / SECONDS_PER_HOUR;
/**
 * Minutes → seconds.
 *
 * @example
 * ```ts
 * import { minutesToSeconds } from "@syraq/core";
 * minutesToSeconds(90); // 5400
 * ```
 */
export const minutesToSeconds = (minutes: number): number => minutes * SECONDS_PER_MINUTE;
/**
 * Seconds → minutes.
 *
 * @example
 * ```ts
 * import { secondsToMinutes } from "@syraq/core";
 * secondsToMinutes(5400); // 90
 * ```
 */
export const secondsToMinutes = (seconds: number): number => seconds / SECONDS_PER_MINUTE;
/**
 * km/h → m/s.
 *
 * @example
 * ```ts
 * import { kmhToMetresPerSecond } from "@syraq/core";
 * kmhToMetresPerSecond(72); // 20
 * ```
 */
export const kmhToMetresPerSecond = (kmh: number): number => kmh / 3.6;
/**
 * m/s → km/h.
 *
 * @example
 * ```ts
 * import { metresPerSecondToKmh } from "@syraq/core";
 * metresPerSecondToKmh(1.5); // 5.4
 * ```
 */
export const metresPerSecondToKmh = (mps: number): number => mps * 3.6;
/**
 * Square metres → square kilometres.
 *
 * @example
 * ```ts
 * import { squareMetresToKm2 } from "@syraq/core";
 * squareMetresToKm2(2_500_000); // 2.5
 * ```
 */
export const squareMetresToKm2 = (m2: number): number => m2 / SQUARE_METRES_PER_KM2;
/**
 * Degrees → radians.
 *
 * @example
 * ```ts
 * import { degreesToRadians } from "@syraq/core";
 * degreesToRadians(180); // Math.PI
 * ```
 */
export const degreesToRadians = (deg: number): number => (deg * Math.PI) / 180;
/**
 * Radians → degrees.
 *
 * @example
 * ```ts
 * import { radiansToDegrees } from "@syraq/core";
 * radiansToDegrees(Math.PI / 2); // 90
 * ```
 */
export const radiansToDegrees = (rad: number): number => (rad * 180) / Math.PI;
