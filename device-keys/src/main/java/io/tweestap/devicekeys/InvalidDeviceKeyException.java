package io.tweestap.devicekeys;

public class InvalidDeviceKeyException extends IllegalArgumentException {

    public InvalidDeviceKeyException(String message) {
        super(message);
    }
}
