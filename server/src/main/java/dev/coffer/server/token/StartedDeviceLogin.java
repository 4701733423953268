package dev.coffer.server.token;

import java.time.Duration;

/**
 * A device request just made: its codes, shown only in this answer.
 *
 * @param deviceCode the device's secret to poll with
 * @param userCode what the user checks and enters, e.g. {@code BDFG-HJKL}
 * @param expiresIn how long both work
 * @param intervalSeconds how long the device must wait between polls
 */
record StartedDeviceLogin(String deviceCode, String userCode, Duration expiresIn, int intervalSeconds) {
}
