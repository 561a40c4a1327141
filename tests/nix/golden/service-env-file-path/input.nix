# environmentFiles given as a Nix path or a derivation (issue 11, item 3): each reaches
# oci-containers as its file name (`toString`), never JSON-encoded. The path names a file
# that does not exist, so copying it to the store would fail evaluation.
{
  compositions.app.services.web = {
    image = "nginx";
    environmentFiles = [
      (/. + "/run/agenix/web.env")
      {
        type = "derivation";
        name = "common.env";
        outPath = "/nix/store/33333333333333333333333333333333-common.env";
      }
      "/etc/web/extra.env"
    ];
  };
}
