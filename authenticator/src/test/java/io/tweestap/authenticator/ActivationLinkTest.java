package io.tweestap.authenticator;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActivationLinkTest {

    /** What the wizard's QR code says since the web app: the app's activation page, the code in the fragment. */
    private static final String QR_TEXT = "https://mfa.example.org:8443/enroll/app/activate#ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** What enrollment services before the web app put in the QR code. */
    private static final String OLD_QR_TEXT =
            "tweestap://activate?code=ABCDEFGHIJKLMNOPQRSTUVWXYZ&url=https%3A%2F%2Fmfa.example.org%3A8443%2Fenroll";

    @Test
    void readsTheWebAppAddressInTheQrCode() {
        ActivationLink link = ActivationLink.parse(QR_TEXT);
        assertThat(link.activationCode()).isEqualTo("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        assertThat(link.enrollmentUrl()).isEqualTo(URI.create("https://mfa.example.org:8443/enroll"));
        assertThat(ActivationLink.parse("http://localhost:8081/app/activate#ABCD-EFGH").enrollmentUrl())
                .isEqualTo(URI.create("http://localhost:8081"));
    }

    @Test
    void stillReadsTheOlderQrContent() {
        ActivationLink link = ActivationLink.parse(OLD_QR_TEXT);
        assertThat(link.activationCode()).isEqualTo("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        assertThat(link.enrollmentUrl()).isEqualTo(URI.create("https://mfa.example.org:8443/enroll"));
    }

    @Test
    void refusesWhatIsNotAnActivationLink() {
        assertThatThrownBy(() -> ActivationLink.parse("https://evil.example.com/activate?code=X&url=https://x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActivationLink.parse("https://mfa.example.org/app/activate"))
                .hasMessageContaining("lacks its code");
        assertThatThrownBy(() -> ActivationLink.parse("https://mfa.example.org/app/activate?x=1#ABCD"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActivationLink.parse("https://someone@mfa.example.org/app/activate#ABCD"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActivationLink.parse("ftp://mfa.example.org/app/activate#ABCD"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ActivationLink.parse("tweestap://activate?code=ABC"))
                .hasMessageContaining("code or URL");
        assertThatThrownBy(() -> ActivationLink.parse("tweestap://activate?code=ABC&url=file%3A%2F%2F%2Fetc%2Fpasswd"))
                .hasMessageContaining("http(s)");
    }

    @Test
    void neverPrintsTheWholeCode() {
        assertThat(ActivationLink.parse(QR_TEXT).toString()).doesNotContain("ABCDEFGHIJKLMNOPQRSTUVWXYZ").contains("ABCD");
    }

    @Test
    void scansAQrCodeInAScreenshot() throws Exception {
        BufferedImage code = MatrixToImageWriter.toBufferedImage(
                new QRCodeWriter().encode(QR_TEXT, BarcodeFormat.QR_CODE, 240, 240));
        // The code somewhere on a larger page, as in a screenshot of the setup page.
        BufferedImage page = new BufferedImage(1024, 768, BufferedImage.TYPE_INT_RGB);
        Graphics2D canvas = page.createGraphics();
        canvas.setColor(Color.WHITE);
        canvas.fillRect(0, 0, 1024, 768);
        canvas.setColor(Color.DARK_GRAY);
        canvas.drawString("Scan de QR-code", 100, 80);
        canvas.drawImage(code, 610, 330, null);
        canvas.dispose();

        assertThat(ActivationLink.parse(QrImage.read(png(page))).activationCode()).isEqualTo("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }

    @Test
    void readsACodeWhoseDataTheFinderDetectorMistakesForAFinderPattern() throws Exception {
        // With the mask the encoder picks, ZXing's detector finds no code in this one; read as a pure code it reads.
        String unlucky = "http://127.0.0.1:18080/app/activate#FGQTHBENBBT1ZNH114GZPQXRDJ";
        BufferedImage code = MatrixToImageWriter.toBufferedImage(new QRCodeWriter().encode(unlucky, BarcodeFormat.QR_CODE,
                280, 280, Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4)));

        assertThat(QrImage.read(png(code))).isEqualTo(unlucky);
    }

    @Test
    void saysSoWhenThereIsNoCode() throws Exception {
        BufferedImage blank = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        assertThatThrownBy(() -> QrImage.read(png(blank))).isInstanceOf(IOException.class).hasMessageContaining("No readable QR");
        assertThatThrownBy(() -> QrImage.read("not a picture".getBytes())).isInstanceOf(IOException.class);
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
