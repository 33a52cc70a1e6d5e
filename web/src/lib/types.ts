// Shapes of the server's JSON (docs/api.md, plugins/rooms/API.md).
export interface UserRef {
  id: number;
  name: string;
}

export interface User extends UserRef {
  role: "member" | "administrator" | "bot";
  status?: "active" | "deactivated" | "banned";
  bio?: string;
  email_address?: string;
  avatar_url?: string;
}

export interface Room {
  id: number;
  type: "open" | "closed" | "direct";
  name: string | null;
  creator_id: number;
  updated_at: string;
  last_message_at: string | null;
  involvement?: "invisible" | "nothing" | "mentions" | "everything";
  unread?: boolean;
  users?: UserRef[];
}

export interface Message {
  id: number;
  room_id: number;
  creator: UserRef;
  creator_id: number;
  client_message_id: string;
  body: string;
  plain_body?: string;
  content_type: "text" | "sound" | "attachment";
  emoji_only?: boolean;
  mentionee_ids?: number[];
  attachment?: { filename: string; content_type: string; byte_size: number; url: string } | null;
  boosts?: Boost[];
  created_at: string;
  updated_at: string;
}

export interface Boost {
  id: number;
  message_id: number;
  content: string;
  booster: UserRef;
  created_at: string;
}

export interface Features {
  api_level: number;
  cable_url: string;
  features: Record<string, { name: string; enabled: boolean; version: string; description: string }>;
}
