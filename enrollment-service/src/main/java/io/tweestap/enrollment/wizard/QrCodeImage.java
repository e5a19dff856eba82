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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The QR code the authenticator scans. Its content is
 * {@code tweestap://activate?code=<activation code>&url=<this service's public URL, URL-encoded>}:
 * everything the app needs to call {@code POST <url>/api/v1/device-activations}.
 */
public final class QrCodeImage {

    private static final int SIZE = 280;

    private QrCodeImage() {
    }

    public static String content(ActivationCode code, URI publicUrl) {
        return "tweestap://activate?code=" + code.canonical() + "&url="
                + URLEncoder.encode(publicUrl.toString(), StandardCharsets.UTF_8);
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
