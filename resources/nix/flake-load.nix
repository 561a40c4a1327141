# Applied (nix eval --apply) to nixosConfigurations.<host> of a flake: the
# host's compositions as plain data (see sanitize.nix) and, per defining file,
# which compositions it defines — from the module system's
# definitionsWithLocations — so the console knows what it may edit.
let
  sanitize = SANITIZE;
  namesOf = value:
    if builtins.isAttrs value && value ? _type then
      (if value._type == "if" || value._type == "override" then namesOf value.content
       else if value._type == "merge" then builtins.concatLists (map namesOf value.contents)
       else [ ])
    else if builtins.isAttrs value then builtins.attrNames value
    else [ ];
in
host:
if !(host ? config) then
  throw "khepri: this is not a NixOS configuration (no config attribute)"
else if !(host.config ? khepri) || !(host.options ? khepri) then
  throw "khepri: this host does not import the khepri NixOS module (config.khepri is missing); add khepri.nixosModules.default to its modules"
else
  {
    compositions = sanitize host.config.khepri.compositions;
    definitions = map (d: {
      file = toString d.file;
      names = namesOf d.value;
    }) host.options.khepri.compositions.definitionsWithLocations;
  }
