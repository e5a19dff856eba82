package io.tweestap.enrollment.wizard;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.WriterException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.tweestap.enrollment.domain.ActivationCode;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * The QR code the phone scans. Its content is the web app's activation address,
 * {@code <public URL>/app/activate#<activation code>}: a phone's camera opens it in the browser and
 * the app activates at once; the reference authenticator reads the same URL (decision 0077). The
 * code is in the fragment, which browsers never send to a server, so it stays out of access logs
 * and {@code Referer} headers.
 *
 * <p>Every picture is read back before it is served. With the mask pattern the encoder picks, about
 * one code in 400 of this length defeats ZXing's finder-pattern detector (the data happens to look
 * like a finder pattern); a person whose camera app reads QR codes that way could not link their
 * phone. Such a code is encoded again with the next mask pattern, which changes every data module
 * but not the content, until it reads.
 */
public final class QrCodeImage {

    private static final int SIZE = 280;
    private static final int BLACK = 0xFF000000;
    private static final int WHITE = 0xFFFFFFFF;

    private QrCodeImage() {
    }

    public static String content(ActivationCode code, URI publicUrl) {
        return appUrl(publicUrl) + "activate#" + code.canonical();
    }

    /** Where the web app lives: {@code <public URL>/app/}. */
    public static String appUrl(URI publicUrl) {
        return publicUrl.toString().replaceAll("/+$", "") + "/app/";
    }

    public static byte[] png(String content) {
        // null: the encoder's own choice of mask (the one with the lowest penalty), then the eight in turn
        Integer[] masks = {null, 0, 1, 2, 3, 4, 5, 6, 7};
        for (Integer mask : masks) {
            BitMatrix matrix = encode(content, mask);
            if (readsBack(matrix, content)) {
                return BlackAndWhitePng.of(matrix);
            }
        }
        throw new IllegalStateException("No mask pattern gives a QR code that reads back");
    }

    private static BitMatrix encode(String content, Integer mask) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, 4);
        if (mask != null) {
            hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
        }
        try {
            return new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, SIZE, SIZE, hints);
        } catch (WriterException e) {
            throw new IllegalStateException("QR content does not fit", e);
        }
    }

    /**
     * Read as a scanner reads a photo: find the finder patterns, not knowing where the code is. The
     * pixels are the served picture's, black or white, without going through an image.
     */
    static boolean readsBack(BitMatrix matrix, String content) {
        int width = matrix.getWidth();
        int[] pixels = new int[width * matrix.getHeight()];
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = matrix.get(x, y) ? BLACK : WHITE;
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, matrix.getHeight(), pixels)));
        try {
            return content.equals(new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText());
        } catch (ReaderException unreadable) {
            return false;
        }
    }
}
