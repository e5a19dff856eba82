package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.MethodsPageLink;
import jakarta.enterprise.context.ApplicationScoped;

/** Methods-page links by the hash of their link token. */
@ApplicationScoped
public class MethodsPageLinkRepository implements PanacheRepositoryBase<MethodsPageLink, String> {

    /** The link whose page session has this hash (expired or not), or {@code null}. */
    public Uni<MethodsPageLink> bySession(String sessionHash) {
        return find("sessionHash", sessionHash).firstResult();
    }
}
