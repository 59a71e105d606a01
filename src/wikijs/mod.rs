pub mod graphql;
pub mod slug;
