{
  compositions.app = {
    services.web = { image = "nginx"; securityOpt = [ "no-new-privileges:true" "label=disable" ]; };
  };
}
