package io.tweestap.enrollment.wizard;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NativeAppLinksTest {

    @Test
    void withoutNativeAppsTheStepNamesNoStore() {
        assertThat(new NativeAppLinks(Optional.empty(), Optional.empty()).templateData())
                .containsEntry("appStoreUrl", "").containsEntry("googlePlayUrl", "");
    }

    @Test
    void aConfiguredStorePageIsShownAsConfigured() {
        URI appStore = URI.create("https://apps.apple.com/app/tweestap-authenticator/id123");
        assertThat(new NativeAppLinks(Optional.of(appStore), Optional.empty()).templateData())
                .containsEntry("appStoreUrl", appStore.toString()).containsEntry("googlePlayUrl", "");
    }

    @Test
    void aStorePageOverPlainHttpOrWithoutAHostStopsTheStart() {
        assertThatThrownBy(() -> new NativeAppLinks(Optional.empty(),
                Optional.of(URI.create("http://play.google.com/store/apps/details?id=x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tweestap.enrollment.native-apps.google-play").hasMessageContaining("https");
        assertThatThrownBy(() -> new NativeAppLinks(Optional.of(URI.create("https:/apps.apple.com")), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NativeAppLinks(Optional.of(URI.create("javascript:alert(1)")), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
