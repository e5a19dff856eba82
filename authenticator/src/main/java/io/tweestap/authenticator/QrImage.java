package io.tweestap.authenticator;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The phone's camera: reads the text of a QR code from a picture (PNG, JPEG, a screenshot). */
public final class QrImage {

    private QrImage() {
    }

    public static String read(Path picture) throws IOException {
        return read(Files.readAllBytes(picture));
    }

    public static String read(byte[] picture) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture));
        if (image == null) {
            throw new IOException("Not a picture this program can read (PNG, JPEG, GIF or BMP)");
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        try {
            // TRY_HARDER because screenshots of a whole page hold the code small and off-centre.
            Result result = new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
            return result.getText();
        } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
            return pure(bitmap);
        }
    }

    /**
     * About one code in 400 has data that the finder-pattern detector takes for a finder pattern. A
     * picture of the code alone (a saved QR image, not a screenshot) is then read as a pure code:
     * its corners are where the code is.
     */
    private static String pure(BinaryBitmap bitmap) throws IOException {
        try {
            return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
            throw new IOException("No readable QR code in the picture");
        }
    }
}
