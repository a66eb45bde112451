/// One reason an instance does not satisfy a schema, in the shape gojsonschema reports errors.
///
/// - `field`: the instance location: `"(root)"` for the document itself, otherwise the property
///   names and array indices joined with dots (`"items.0.name"`). Errors about an object as a whole
///   (`required`, `additional_property_not_allowed`, `missing_dependency`, …) use the object's path.
/// - `message`: human-readable text (`"name is required"`, `"Invalid type. Expected: string, given: integer"`).
/// - `type`: a stable rule id. Besides gojsonschema's ids (`required`, `invalid_type`, `enum`, `const`,
///   `string_gte`, `string_lte`, `pattern`, `format`, `number_gte`, `number_gt`, `number_lte`, `number_lt`,
///   `multiple_of`, `array_min_items`, `array_max_items`, `unique`, `contains`, `array_no_additional_items`,
///   `additional_property_not_allowed`, `array_min_properties`, `array_max_properties`,
///   `missing_dependency`, `invalid_property_name`, `number_any_of`, `number_one_of`, `number_all_of`,
///   `number_not`, `condition_then`, `condition_else`, `false`) there are three of our own:
///   `depth` (the instance nests deeper than validation follows), `ref_cycle` (a `$ref` loop that
///   makes no progress through the instance) and `invalid_json` (`.raw` bytes that do not parse).
public struct JSONSchemaViolation: Sendable, Equatable {
    public var field: String
    public var message: String
    public var type: String

    public init(field: String, message: String, type: String) {
        self.field = field
        self.message = message
        self.type = type
    }
}
