# The option tree of `khepri.compositions` as nixos/module.nix declares it, reduced to what
# model/schema.cpp describes, as JSON for tst_schema (which compares the two):
#
#   nix-instantiate --eval --strict --json option-tree.nix \
#     --argstr nixpkgsLib /path/to/nixpkgs/lib [--arg extraModules '[ ./more.nix ]']
#
# A node is { forms; scalars; choices; fields; item; default; required; }:
#   forms     the shapes a value may take, sorted: "list", "map", "record", "scalar"
#   scalars   the type names of the scalar forms ("str", "bool", "enum", …)
#   choices   the values of the enums among them (sorted)
#   fields    options of the record form, by name (a submodule, or a group of options
#             such as `logging`)
#   item      list items / map values
#   default   the option's default; absent when it is null, [ ] or { } (no default beyond
#             "unset", as the schema says it)
#   required  the option has no default
# A short form the module coerces (`types.coercedTo`) adds its forms and scalars only: the
# schema describes the value the coercion yields (`networks = [ "a" ]` is a map of records).
{
  nixpkgsLib,
  extraModules ? [ ],
}:
let
  lib = import (/. + nixpkgsLib);

  evaluated = lib.evalModules {
    modules = [
      (import ../module/stubs.nix { })
      ../../../nixos/module.nix
    ] ++ extraModules;
  };

  empty = {
    forms = [ ];
    scalars = [ ];
    choices = [ ];
    fields = { };
    item = null;
  };

  sortUnique = l: lib.sort (a: b: a < b) (lib.unique l);

  union = a: b: {
    forms = sortUnique (a.forms ++ b.forms);
    scalars = sortUnique (a.scalars ++ b.scalars);
    choices = sortUnique (a.choices ++ b.choices);
    fields = a.fields // b.fields;
    item =
      if a.item == null then
        b.item
      else if b.item == null then
        a.item
      else
        union a.item b.item;
  };

  # Only the forms and scalar names of a short form.
  formsOnly = s: empty // { inherit (s) forms scalars; };

  shape =
    t:
    if t.name == "nullOr" then
      shape t.nestedTypes.elemType
    else if t.name == "either" then
      union (shape t.nestedTypes.left) (shape t.nestedTypes.right)
    else if t.name == "coercedTo" then
      union (formsOnly (shape t.nestedTypes.coercedType)) (shape t.nestedTypes.finalType)
    else if t.name == "listOf" then
      empty
      // {
        forms = [ "list" ];
        item = shape t.nestedTypes.elemType;
      }
    else if t.name == "attrsOf" || t.name == "lazyAttrsOf" then
      empty
      // {
        forms = [ "map" ];
        item = shape t.nestedTypes.elemType;
      }
    else if t.name == "submodule" then
      empty
      // {
        forms = [ "record" ];
        fields = tree (t.getSubOptions [ ]);
      }
    else if t.name == "enum" then
      empty
      // {
        forms = [ "scalar" ];
        scalars = [ "enum" ];
        choices = sortUnique (map toString t.functor.payload.values);
      }
    else
      empty
      // {
        forms = [ "scalar" ];
        scalars = [ t.name ];
      };

  isOption = o: o._type or null == "option";
  trivial = v: v == null || v == [ ] || v == { };

  option =
    o:
    shape o.type
    // {
      required = !(o ? default);
    }
    // lib.optionalAttrs (o ? default && !trivial o.default) { inherit (o) default; };

  # A group of options (`logging = { driver = …; options = …; }`) reads as a record.
  group = opts: empty // {
    forms = [ "record" ];
    fields = tree opts;
    required = false;
  };

  tree = opts: lib.mapAttrs (_: o: if isOption o then option o else group o) (removeAttrs opts [ "_module" ]);
in
option evaluated.options.khepri.compositions
