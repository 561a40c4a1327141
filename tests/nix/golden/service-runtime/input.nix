{
  compositions.app = {
    services.sandboxed = { image = "busybox"; runtime = "runsc"; };
  };
}
