package io.tweestap.enrollment.wizard;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.tweestap.enrollment.domain.ActivationCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * The QR code the phone scans. Its content is the web app's activation address,
 * {@code <public URL>/app/activate#<activation code>}: a phone's camera opens it in the browser and
 * the app activates at once; the reference authenticator reads the same URL (decision 0077). The
 * code is in the fragment, which browsers never send to a server, so it stays out of access logs
 * and {@code Referer} headers.
 */
public final class QrCodeImage {

    private static final int SIZE = 280;

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
        try {
            BitMatrix matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, SIZE, SIZE,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return png.toByteArray();
        } catch (WriterException e) {
            throw new IllegalStateException("QR content does not fit", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
