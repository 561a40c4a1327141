{
  compositions.app = {
    services.db = { image = "postgres:16"; shmSize = "256m"; };
  };
}
