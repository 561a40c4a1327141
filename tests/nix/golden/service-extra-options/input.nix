{
  compositions.app = {
    services.web = { image = "nginx"; privileged = true; extraOptions = [ "--memory-swappiness=0" "--oom-score-adj=-500" ]; };
  };
}
