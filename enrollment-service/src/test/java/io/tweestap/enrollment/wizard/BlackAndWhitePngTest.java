package io.tweestap.enrollment.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.common.BitMatrix;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BlackAndWhitePngTest {

    @Test
    void everyPixelReadsBackAsTheMatrixHasIt() throws Exception {
        // 13 wide: the last byte of each row holds only five pixels.
        BitMatrix matrix = new BitMatrix(13, 7);
        Random random = new Random(20261206);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                if (random.nextBoolean()) {
                    matrix.set(x, y);
                }
            }
        }
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(BlackAndWhitePng.of(matrix)));

        assertThat(image.getWidth()).isEqualTo(13);
        assertThat(image.getHeight()).isEqualTo(7);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 13; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                assertThat(rgb).as("pixel %d,%d", x, y).isEqualTo(matrix.get(x, y) ? 0x000000 : 0xFFFFFF);
            }
        }
    }

    @Test
    void aWholeQrCodeIsASmallFile() throws Exception {
        byte[] png = QrCodeImage.png("https://mfa.example.org/app/activate#FGQTHBENBBT1ZNH114GZPQXRDJ");

        assertThat(png).hasSizeLessThan(2_000);
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(280);
    }
}
