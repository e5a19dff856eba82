package io.tweestap.enrollment.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class QrCodeImageTest {

    /** With the mask the encoder picks, this one's data looks like a finder pattern to ZXing's detector. */
    private static final String UNLUCKY = "http://127.0.0.1:18080/app/activate#FGQTHBENBBT1ZNH114GZPQXRDJ";

    @Test
    void aCodeTheDetectorMissesWithTheEncodersMaskIsServedWithOneItReads() throws Exception {
        assertThat(scan(QrCodeImage.png(UNLUCKY))).isEqualTo(UNLUCKY);
    }

    @Test
    void everyActivationAddressReadsBackAsItWasWritten() throws Exception {
        String alphabet = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";
        Random random = new Random(20261203);
        for (int i = 0; i < 1500; i++) {
            StringBuilder code = new StringBuilder();
            for (int k = 0; k < 26; k++) {
                code.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String content = "https://mfa.example.org/app/activate#" + code;
            assertThat(scan(QrCodeImage.png(content))).as("code %d", i).isEqualTo(content);
        }
    }

    private static String scan(byte[] png) throws Exception {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
                ImageIO.read(new ByteArrayInputStream(png))))), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }
}
